namespace Intern.Grading.Tasks;

/// <summary>Finds the known word a typo was probably meant to be.</summary>
internal static class Suggestion
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        // Allow about one edit per three letters, so "wieght" finds "weight" but "foo" finds nothing.
        var allowed = Math.Max(1, typed.Length / 3);
        if (best is not null && bestDistance <= allowed)
            return best;
        // Abbreviations such as "late_penalty" are too far by edits but plainly meant.
        return typed.Length >= 4 ? known.FirstOrDefault(k => k.StartsWith(typed, StringComparison.OrdinalIgnoreCase)) : null;
    }

    public static string DidYouMean(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } match ? $"; did you mean \"{match}\"?" : "";

    // Damerau (optimal string alignment) distance: a swap of two letters is one typo, not two.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}

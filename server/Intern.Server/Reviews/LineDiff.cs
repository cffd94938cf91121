namespace Intern.Server.Reviews;

/// <summary>What an applicant changed in a starter-kit file, line by line: a longest-common-subsequence diff.</summary>
public static class LineDiff
{
    /// <summary>One line of the diff: <c>' '</c> kept, <c>'-'</c> only in the starter kit, <c>'+'</c> only in the submission.</summary>
    public sealed record Line(char Kind, string Text);

    /// <summary>Files longer than this (either side) are not diffed: the table would cost <c>n * m</c> cells.</summary>
    public const int MaxLines = 3000;

    /// <summary>The diff of <paramref name="before"/> to <paramref name="after"/>, or null when either is too long to diff.</summary>
    public static IReadOnlyList<Line>? Compute(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count > MaxLines || after.Count > MaxLines)
            return null;
        // common[i, j]: length of the longest common subsequence of before[i..] and after[j..].
        var common = new int[before.Count + 1, after.Count + 1];
        for (var i = before.Count - 1; i >= 0; i--)
        {
            for (var j = after.Count - 1; j >= 0; j--)
                common[i, j] = before[i] == after[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
        }
        var lines = new List<Line>();
        int a = 0, b = 0;
        while (a < before.Count || b < after.Count)
        {
            if (a < before.Count && b < after.Count && before[a] == after[b])
            {
                lines.Add(new(' ', before[a++]));
                b++;
            }
            // On a tie the removed line comes first, as in every diff reviewers know.
            else if (a < before.Count && (b == after.Count || common[a + 1, b] >= common[a, b + 1]))
            {
                lines.Add(new('-', before[a++]));
            }
            else
            {
                lines.Add(new('+', after[b++]));
            }
        }
        return lines;
    }

    public static IReadOnlyList<string> SplitLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
            return [];
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return lines.Length > 1 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }
}

namespace Intern.Grading.Checking;

// One rule for float tokens and csv cells: numeric when the expected side is a finite number, exact otherwise.
internal static class TokenComparison
{
    // Returns null when the tokens match, else why they do not.
    public static string? Mismatch(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, NumericTolerance? tolerance)
    {
        if (expected.SequenceEqual(actual))
            return null;
        if (tolerance is not { } numeric || !NumericTolerance.TryParse(expected, out double want) || !double.IsFinite(want))
            return Excerpt.Contrast(expected, actual);
        if (!NumericTolerance.TryParse(actual, out double got))
            return $"{Excerpt.Contrast(expected, actual)} (not a number)";
        if (!double.IsFinite(got))
            return $"{Excerpt.Contrast(expected, actual)} (not a finite number)";
        return numeric.Accepts(want, got) ? null : $"{Excerpt.Contrast(expected, actual)} ({numeric.Explain(want, got)})";
    }
}

using Intern.Grading.Results;

namespace Intern.Server.Submissions;

/// <summary>What an applicant may see of a result, by Gradescope's visibility vocabulary.</summary>
public static class ApplicantView
{
    public sealed record HiddenSummary(int Count, int Passed);

    public sealed record Filtered(double Score, double MaxScore, IReadOnlyList<TestResult> Tests, HiddenSummary? Hidden, string Output,
        bool Gradable, IReadOnlyList<string> FormatErrors, IReadOnlyDictionary<string, Metric> Metrics);

    /// <summary>
    /// Visible tests always; after_due_date and after_published ones once the round released them;
    /// hidden ones never one by one, only as a count of passed. Scores, metrics and artifacts of tests the
    /// applicant may not see are left out too, so nothing about them leaks through a side door.
    /// </summary>
    public static Filtered For(GradingResult result, bool hiddenReleased)
    {
        ArgumentNullException.ThrowIfNull(result);
        bool Shown(TestResult t) => t.Visibility switch
        {
            "visible" => true,
            "after_due_date" or "after_published" => hiddenReleased,
            _ => false,
        };
        var shown = result.Tests.Where(Shown).ToList();
        var kept = result.Tests.Where(t => !Shown(t)).ToList();
        // A metric belongs to the test that measured it; one a checker reports under any name follows that test.
        var withheld = kept.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var metrics = result.Metrics
            .Where(m => m.Value.Test is not { } test ? !kept.Any(t => m.Key.StartsWith(t.Name, StringComparison.Ordinal)) : !withheld.Contains(test))
            .ToDictionary(m => m.Key, m => m.Value);
        return new Filtered(
            Math.Round(shown.Sum(t => t.Score), 6),
            Math.Round(shown.Sum(t => t.MaxScore), 6),
            shown,
            kept.Count == 0 ? null : new HiddenSummary(kept.Count, kept.Count(t => t.Verdict == TestVerdict.AC)),
            result.Output,
            result.Gradable,
            result.FormatErrors,
            metrics);
    }
}

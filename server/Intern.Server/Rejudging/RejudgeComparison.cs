using Intern.Grading.Results;

namespace Intern.Server.Rejudging;

/// <summary>One test whose verdict or points differ between the current result and the rejudge's preview.</summary>
public sealed record TestChange(string Test, string? Before, string? After, double? PointsBefore, double? PointsAfter);

/// <summary>What a rejudge would change for one submission, from its current result and its preview result.</summary>
public static class RejudgeComparison
{
    /// <summary>Scores closer than this count as equal: results are rounded to hundredths of a point.</summary>
    private const double Epsilon = 0.005;

    public static bool ScoreChanged(double? before, double? beforeMax, double after, double afterMax) =>
        before is not { } b || beforeMax is not { } bm || Math.Abs(b - after) >= Epsilon || Math.Abs(bm - afterMax) >= Epsilon;

    /// <summary>
    /// Tests whose verdict or points changed, added or dropped, in the preview's order (dropped ones last). Tests are
    /// matched by group and name, so that a renumbered group still pairs up.
    /// </summary>
    public static IReadOnlyList<TestChange> Tests(GradingResult? before, GradingResult after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var old = (before?.Tests ?? []).GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var changes = new List<TestChange>();
        var seen = new HashSet<(string, string)>();
        foreach (var test in after.Tests)
        {
            var key = Key(test);
            if (!seen.Add(key))
                continue;
            if (!old.TryGetValue(key, out var was))
                changes.Add(new TestChange(test.Name, null, Verdict(test), null, test.Score));
            else if (was.Verdict != test.Verdict || Math.Abs(was.Score - test.Score) >= Epsilon)
                changes.Add(new TestChange(test.Name, Verdict(was), Verdict(test), was.Score, test.Score));
        }
        changes.AddRange(old.Where(o => !seen.Contains(o.Key)).Select(o => new TestChange(o.Value.Name, Verdict(o.Value), null, o.Value.Score, null)));
        return changes;
    }

    private static (string, string) Key(TestResult test) => (test.Group, test.Name);

    private static string Verdict(TestResult test) => test.Verdict.ToString();
}

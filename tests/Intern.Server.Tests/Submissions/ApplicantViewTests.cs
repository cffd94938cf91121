using Intern.Grading.Results;
using Intern.Server.Submissions;

namespace Intern.Server.Tests.Submissions;

public sealed class ApplicantViewTests
{
    private static TestResult Test(string name, string visibility, TestVerdict verdict, double score) =>
        new() { Name = name, Visibility = visibility, Verdict = verdict, Score = score, MaxScore = 10 };

    private static readonly GradingResult Result = new()
    {
        Score = 35,
        MaxScore = 40,
        Tests =
        [
            Test("public/1", "visible", TestVerdict.AC, 10),
            Test("hidden/1", "hidden", TestVerdict.AC, 10),
            Test("hidden/2", "hidden", TestVerdict.WA, 0),
            Test("late/1", "after_due_date", TestVerdict.AC, 10),
        ],
        Metrics = new Dictionary<string, Metric>
        {
            ["hidden/1.time_ratio"] = new(1.2, "x"),
            ["gflops"] = new(10, "GFLOP/s", Test: "public/1"),
            ["speedup_over_naive"] = new(61, "x", Test: "hidden/2"),
            ["late accuracy"] = new(0.4, "", Test: "late/1"),
        },
    };

    [Theory]
    [InlineData(false, new[] { "public/1" }, 10, 10, 3, 2)]
    [InlineData(true, new[] { "public/1", "late/1" }, 20, 20, 2, 1)]
    public void ApplicantsSeeVisibleTestsAndReleasedOnesAndOnlyACountOfTheRest(bool released, string[] shown, double score, double max, int hiddenCount, int hiddenPassed)
    {
        var view = ApplicantView.For(Result, released);
        Assert.Equal(shown, view.Tests.Select(t => t.Name));
        Assert.Equal(score, view.Score);
        Assert.Equal(max, view.MaxScore);
        Assert.Equal(new ApplicantView.HiddenSummary(hiddenCount, hiddenPassed), view.Hidden);
    }

    [Theory]
    [InlineData(false, new[] { "gflops" })]
    [InlineData(true, new[] { "gflops", "late accuracy" })]
    public void MetricsFollowTheVisibilityOfTheTestThatMeasuredThem(bool released, string[] shown)
    {
        // Checkers name metrics freely (speedup_over_naive), so the name alone cannot tell which test they reveal.
        var view = ApplicantView.For(Result, released);
        Assert.Equal(shown, view.Metrics.Keys.Order(StringComparer.Ordinal));
    }
}

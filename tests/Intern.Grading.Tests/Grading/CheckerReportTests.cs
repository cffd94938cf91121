using System.Text;
using Intern.Grading.Checking;
using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Tests.Grading;

public class CheckerReportTests
{
    private static CheckerReport Parse(string stdout) => CheckerReport.Parse(Encoding.UTF8.GetBytes(stdout));

    [Fact]
    public void Metrics_leaderboard_and_artifacts_are_read_with_snake_case_keys()
    {
        var report = Parse("""
            {"score": 0.75, "message": "3 of 4 rows right",
             "metrics": {"gflops": {"value": 41.2, "unit": "GFLOP/s", "ci_low": 40.1, "ci_high": 42.0},
                         "steps": {"value": 3, "unit": ""}},
             "leaderboard": [{"name": "GFLOP/s", "value": 41.2, "order": "desc"}, {"name": "ms", "value": 7, "order": "asc"}],
             "artifacts": [{"name": "Step 3 timings", "media_type": "image/png", "path": "plots/timings.png"}]}
            """);

        Assert.Equal(new CheckOutcome(0.75, CheckVerdict.PA, "3 of 4 rows right"), report.Outcome);
        Assert.False(report.Violation);
        Assert.Equal(new Metric(41.2, "GFLOP/s", 40.1, 42.0), report.Metrics["gflops"]);
        Assert.Equal(new Metric(3, "", null, null), report.Metrics["steps"]);
        Assert.Equal([new LeaderboardEntry("GFLOP/s", 41.2, "desc"), new LeaderboardEntry("ms", 7, "asc")], report.Leaderboard);
        Assert.Equal([new Artifact("Step 3 timings", "image/png", "plots/timings.png")], report.Artifacts);
    }

    [Fact]
    public void A_report_with_only_a_score_has_no_metrics_leaderboard_or_artifacts()
    {
        var report = Parse("""{"score": 1}""");

        Assert.Empty(report.Metrics);
        Assert.Empty(report.Leaderboard);
        Assert.Empty(report.Artifacts);
        Assert.False(report.Violation);
    }

    [Theory]
    [InlineData("AC", 0.5, CheckVerdict.AC, 0.5)]
    [InlineData("PA", 1.0, CheckVerdict.PA, 1.0)]
    [InlineData("WA", 0.3, CheckVerdict.WA, 0.3)]
    [InlineData("WA", 0.0, CheckVerdict.WA, 0.0)]
    public void A_given_verdict_overrides_the_one_implied_by_the_score(string verdict, double score, CheckVerdict expected, double expectedScore)
    {
        var report = Parse($$"""{"score": {{score.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "verdict": "{{verdict}}"}""");

        Assert.Equal(expected, report.Outcome.Verdict);
        Assert.Equal(expectedScore, report.Outcome.Score);
        Assert.False(report.Violation);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.4)]
    [InlineData(0.0)]
    public void SV_marks_a_violation_worth_nothing(double score)
    {
        var report = Parse($$"""{"score": {{score.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "verdict": "SV", "message": "uses a pragma"}""");

        Assert.True(report.Violation);
        Assert.Equal(0, report.Outcome.Score);
        Assert.Equal(CheckVerdict.WA, report.Outcome.Verdict);
        Assert.Equal("uses a pragma", report.Outcome.Message);
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("ac")]
    [InlineData("TLE")]
    [InlineData("")]
    public void An_unknown_verdict_is_a_failure_of_the_task(string verdict)
    {
        var error = Assert.Throws<SandboxException>(() => Parse($$"""{"score": 1, "verdict": "{{verdict}}"}"""));

        Assert.Contains($"'{verdict}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("plots/../../x")]
    [InlineData("/abs")]
    [InlineData("/box/check/artifacts/x.png")]
    [InlineData("")]
    [InlineData(".")]
    public void An_artifact_path_outside_the_artifact_folder_is_a_failure_of_the_task(string path)
    {
        var json = $$"""{"score": 1, "artifacts": [{"name": "ok", "media_type": "text/plain", "path": "fine.txt"}, {"name": "bad", "media_type": "text/plain", "path": "{{path}}"}]}""";

        var error = Assert.Throws<SandboxException>(() => Parse(json));

        Assert.Contains("artifact", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"score": 1, "artifacts": [{"name": "plot", "media_type": "image/png"}]}""")]
    [InlineData("""{"score": 1, "artifacts": [{"name": "plot", "media_type": "image/png", "path": null}]}""")]
    [InlineData("""{"score": 1, "artifacts": [null]}""")]
    [InlineData("""{"score": 1, "metrics": {"x": null}}""")]
    [InlineData("""{"score": 1, "leaderboard": [null]}""")]
    [InlineData("""{"score": 1, "metrics": {"x": {"value": 1}}}""")]
    [InlineData("""{"score": 1, "leaderboard": [{"value": 1}]}""")]
    [InlineData("""{"score": 1, "leaderboard": [{"name": "x", "value": 1, "order": null}]}""")]
    [InlineData("""{"score": 1, "artifacts": [{"name": "plot", "path": "p.png"}]}""")]
    [InlineData("""{"score": 1, "artifacts": {"path": "x"}}""")]
    [InlineData("""{"score": 1, "metrics": [1, 2]}""")]
    public void A_malformed_extra_is_a_failure_of_the_task(string json)
    {
        var error = Assert.Throws<SandboxException>(() => Parse(json));

        Assert.StartsWith("The task's checker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_leaderboard_entry_without_an_order_is_in_descending_order()
    {
        var entry = Assert.Single(Parse("""{"score": 1, "leaderboard": [{"name": "GFLOP/s", "value": 3}]}""").Leaderboard);

        Assert.Equal(new LeaderboardEntry("GFLOP/s", 3, "desc"), entry);
    }

    [Fact]
    public void A_metric_without_a_unit_is_named_in_the_failure()
    {
        var error = Assert.Throws<SandboxException>(() => Parse("""{"score": 1, "metrics": {"gflops": {"value": 41.2}}}"""));

        Assert.Contains("'gflops'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"message": "looks fine", "verdict": "AC"}""")]
    [InlineData("""{"verdict": "SV"}""")]
    [InlineData("""{"score": null, "metrics": {}}""")]
    public void A_report_without_a_score_is_a_failure_of_the_task(string json)
    {
        var error = Assert.Throws<SandboxException>(() => Parse(json));

        Assert.Contains("score", error.Message, StringComparison.Ordinal);
    }
}

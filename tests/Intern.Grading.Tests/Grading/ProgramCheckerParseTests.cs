using System.Text;
using Intern.Grading.Checking;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Tests.Grading;

public class ProgramCheckerParseTests
{
    private static CheckOutcome Parse(string stdout) => CheckerReport.Parse(Encoding.UTF8.GetBytes(stdout)).Outcome;

    [Theory]
    [InlineData("""{"score": 1, "message": "all 12 answers right"}""", 1.0, CheckVerdict.AC, "all 12 answers right")]
    [InlineData("""{"score": 1.0}""", 1.0, CheckVerdict.AC, "")]
    [InlineData("""{"score": 0.5, "message": "half of the pairs"}""", 0.5, CheckVerdict.PA, "half of the pairs")]
    [InlineData("""{"score": 1e-9}""", 1e-9, CheckVerdict.PA, "")]
    [InlineData("""{"score": 0, "message": "wrong total"}""", 0.0, CheckVerdict.WA, "wrong total")]
    [InlineData("""{"message": "no", "score": 0.0}""", 0.0, CheckVerdict.WA, "no")]
    [InlineData("""{"score": 0.75, "message": null}""", 0.75, CheckVerdict.PA, "")]
    [InlineData("  {\"score\": 1, \"extra\": [1, 2]}\n", 1.0, CheckVerdict.AC, "")]
    public void A_score_from_zero_to_one_becomes_an_outcome_with_the_matching_verdict(string stdout, double score, CheckVerdict verdict, string message)
    {
        var outcome = Parse(stdout);

        Assert.Equal(new CheckOutcome(score, verdict, message), outcome);
    }

    [Theory]
    [InlineData("""{"message": "forgot the score"}""")]
    [InlineData("""{"score": 1.5}""")]
    [InlineData("""{"score": -0.1}""")]
    [InlineData("""{"score": 1e400}""")]
    [InlineData("""{"score": NaN}""")]
    [InlineData("""{"score": "NaN"}""")]
    [InlineData("""{"score": "1"}""")]
    [InlineData("""{"score": null}""")]
    [InlineData("""{"score": 1, "message": 7}""")]
    [InlineData("""[{"score": 1}]""")]
    [InlineData("1")]
    [InlineData("OK")]
    [InlineData("")]
    [InlineData("""{"score": 1}{"score": 0}""")]
    [InlineData("debug line\n{\"score\": 1}")]
    public void Anything_but_one_object_with_a_score_in_range_is_a_failure_of_the_task_not_of_the_applicant(string stdout)
    {
        Assert.Throws<SandboxException>(() => Parse(stdout));
    }

    [Fact]
    public void Stdout_that_is_not_UTF8_is_a_failure_of_the_task()
    {
        Assert.Throws<SandboxException>(() => CheckerReport.Parse(new byte[] { 0x7B, 0xFF, 0xFE, 0x7D }));
    }

    [Fact]
    public void The_failure_says_what_the_checker_should_have_printed()
    {
        var error = Assert.Throws<SandboxException>(() => Parse("Traceback (most recent call last):"));

        Assert.Contains("{\"score\": ..., \"message\": ...}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_out_of_range_score_is_quoted_in_the_failure()
    {
        var error = Assert.Throws<SandboxException>(() => Parse("""{"score": 1.5}"""));

        Assert.Contains("1.5", error.Message, StringComparison.Ordinal);
    }
}

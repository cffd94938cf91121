using Intern.Grading.Grading;

namespace Intern.Grading.Tests.Grading;

public class PrecheckFindingTests
{
    [Theory]
    [InlineData("correctness/step3")]
    [InlineData("performance/big-1")]
    [InlineData("")]
    public void A_finding_without_tests_covers_every_test(string test)
    {
        Assert.True(new PrecheckFinding("steps/step3.c", 12, "optimisation pragma").Covers(test));
    }

    [Theory]
    [InlineData("correctness/step3", true)]
    [InlineData("correctness/step3-large", true)]
    [InlineData("correctness/step4", false)]
    [InlineData("performance/step3", true)]
    [InlineData("performances/step3", false)]
    [InlineData("Correctness/step3", false)]
    [InlineData("correctness", false)]
    [InlineData("performance/big-1", true)]
    public void A_finding_with_tests_covers_the_tests_starting_with_one_of_its_prefixes(string test, bool covered)
    {
        var finding = new PrecheckFinding("steps/step3.c", 12, "optimisation pragma", ["correctness/step3", "performance/"]);

        Assert.Equal(covered, finding.Covers(test));
    }

    [Fact]
    public void A_finding_with_an_empty_list_of_tests_covers_none()
    {
        Assert.False(new PrecheckFinding("a.c", 1, "m", []).Covers("correctness/1"));
    }

    [Theory]
    [InlineData(12, "steps/step3.c:12: optimisation pragma")]
    [InlineData(1, "steps/step3.c:1: optimisation pragma")]
    [InlineData(0, "steps/step3.c: optimisation pragma")]
    [InlineData(-1, "steps/step3.c: optimisation pragma")]
    public void A_finding_reads_as_file_line_and_message_leaving_out_an_unknown_line(int line, string text)
    {
        Assert.Equal(text, new PrecheckFinding("steps/step3.c", line, "optimisation pragma").ToString());
    }
}

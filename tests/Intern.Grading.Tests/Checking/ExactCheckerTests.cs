using System.Text;
using Intern.Grading.Checking;

namespace Intern.Grading.Tests.Checking;

public class ExactCheckerTests
{
    private static CheckOutcome Check(string expected, string actual) =>
        BuiltInCheckers.Create(CheckerSpec.Exact).Check(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    [Theory]
    [InlineData("a\nb\n", "a\nb")]
    [InlineData("a\nb", "a\nb\n\n\n")]
    [InlineData("a\r\nb\r\n", "a\nb")]
    [InlineData("a\nb\n", "a\r\nb\r\n\r\n")]
    [InlineData("", "")]
    [InlineData("", "\n\n")]
    [InlineData("\r\n", "")]
    [InlineData("x\n\ny", "x\r\n\r\ny")]
    public void Outputs_that_differ_only_in_line_endings_or_final_newlines_are_accepted(string expected, string actual)
    {
        var outcome = Check(expected, actual);

        Assert.Equal(CheckOutcome.Accepted(), outcome);
    }

    [Theory]
    [InlineData("a\nb", "a\nc")]
    [InlineData("a b", "a  b")]
    [InlineData("a", "a ")]
    [InlineData("a\n\nb", "a\nb")]
    [InlineData("a\nb", "\na\nb")]
    [InlineData("a\nb", "a\rb")]
    [InlineData("a", "")]
    [InlineData("", " ")]
    [InlineData("A", "a")]
    public void Any_other_difference_is_a_wrong_answer(string expected, string actual)
    {
        var outcome = Check(expected, actual);

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.Equal(0, outcome.Score);
    }

    [Theory]
    [InlineData("x\ny\nz", "x\ny\nw", "line 3, column 1: expected \"z\", got \"w\"")]
    [InlineData("x\ny", "x", "line 2: expected \"y\", got end of output")]
    [InlineData("x", "x\ny", "line 2: expected end of output, got \"y\"")]
    [InlineData("x", "", "line 1: expected \"x\", got end of output")]
    [InlineData("ab", "a\tb", "line 1, column 2: expected \"ab\", got \"a\\tb\"")]
    [InlineData("ab\r\n", "ab\r\r\n", "line 1, column 3: expected \"ab\", got \"ab\\r\"")]
    [InlineData("zoë x", "zoë y", "line 1, column 5: expected \"zoë x\", got \"zoë y\"")]
    public void The_message_names_the_first_differing_line_and_shows_both_versions(string expected, string actual, string message)
    {
        var outcome = Check(expected, actual);

        Assert.Equal(message, outcome.Message);
    }

    [Fact]
    public void A_difference_deep_into_a_long_line_is_shown_around_where_it_is()
    {
        string line = new('a', 5000);

        var outcome = Check(line + "b", line + "c");

        Assert.StartsWith("line 1, column 5001: expected \"…aaa", outcome.Message);
        Assert.Contains("ab\", got \"…", outcome.Message);
        Assert.EndsWith("ac\"", outcome.Message);
        Assert.True(outcome.Message.Length < 200, outcome.Message);
    }

    [Fact]
    public void Long_lines_are_truncated_in_the_message()
    {
        var outcome = Check("x" + new string('e', 10_000), "y" + new string('a', 10_000));

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.True(outcome.Message.Length < 500, $"message is {outcome.Message.Length} chars");
        Assert.Contains("…\"", outcome.Message);
    }
}

using System.Text;
using Intern.Grading.Checking;

namespace Intern.Grading.Tests.Checking;

public class TokenCheckerTests
{
    private static CheckOutcome Check(string expected, string actual) =>
        BuiltInCheckers.Create(CheckerSpec.Tokens).Check(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    [Theory]
    [InlineData("1 2 3", "1\n2\n3\n")]
    [InlineData("  a\tb  ", "a b")]
    [InlineData("a\r\nb\r\n", "a b")]
    [InlineData("a\vb\fc", "a b c")]
    [InlineData("", "")]
    [InlineData("", " \n\t\r\n ")]
    [InlineData("héllo wörld", "héllo\nwörld")]
    public void Outputs_with_the_same_tokens_are_accepted_whatever_the_whitespace(string expected, string actual)
    {
        Assert.Equal(CheckOutcome.Accepted(), Check(expected, actual));
    }

    [Theory]
    [InlineData("1 2 3", "1 2 4")]
    [InlineData("1 2", "1 2 3")]
    [InlineData("1 2 3", "1 2")]
    [InlineData("A", "a")]
    [InlineData("1.0", "1")]
    [InlineData("ab", "a b")]
    [InlineData("a b", "ab")]
    [InlineData("x", "")]
    [InlineData("", "x")]
    public void Different_tokens_are_a_wrong_answer(string expected, string actual)
    {
        var outcome = Check(expected, actual);

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.Equal(0, outcome.Score);
    }

    [Theory]
    [InlineData("1 2 3", "1 2 4", "line 1, token 3: expected \"3\", got \"4\"")]
    [InlineData("a b c d", "a b\nc e", "line 2, token 2: expected \"d\", got \"e\"")]
    [InlineData("a b\n\n\nc", "a\n\nb\nc\nd", "extra output after 3 tokens: got \"d\"")]
    [InlineData("1 2 3", "1 2", "output ended early after 2 tokens: expected \"3\" next")]
    [InlineData("x", "", "output ended early after 0 tokens: expected \"x\" next")]
    [InlineData("", "x", "extra output after 0 tokens: got \"x\"")]
    public void The_message_locates_the_first_difference(string expected, string actual, string message)
    {
        Assert.Equal(message, Check(expected, actual).Message);
    }
}

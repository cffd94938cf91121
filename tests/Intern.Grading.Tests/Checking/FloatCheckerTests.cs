using System.Text;
using Intern.Grading.Checking;

namespace Intern.Grading.Tests.Checking;

public class FloatCheckerTests
{
    private static CheckOutcome Check(string expected, string actual, double absolute = 1e-9, double relative = 1e-9)
    {
        var spec = new CheckerSpec { Type = "float", AbsoluteTolerance = absolute, RelativeTolerance = relative };
        return BuiltInCheckers.Create(spec).Check(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
    }

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("0.5", "0.5000000001")]
    [InlineData("1e3", "1000")]
    [InlineData("1000", "1.0E+3")]
    [InlineData("1.5 x 2", "1.5\nx\n2.0")]
    [InlineData("-0", "0")]
    [InlineData(".5", "0.5")]
    [InlineData("100", "100.00000001")]
    [InlineData("3", "+3")]
    public void Numbers_within_the_default_tolerance_are_accepted(string expected, string actual)
    {
        Assert.Equal(CheckOutcome.Accepted(), Check(expected, actual));
    }

    [Theory]
    [InlineData("1.5", "1.6")]
    [InlineData("0", "0.00000001")]
    [InlineData("1", "nan")]
    [InlineData("1", "NaN")]
    [InlineData("1", "inf")]
    [InlineData("1", "Infinity")]
    [InlineData("1", "-Infinity")]
    [InlineData("1", "abc")]
    [InlineData("1", "1,0")]
    [InlineData("1", "0x1")]
    [InlineData("x", "X")]
    [InlineData("nan", "NaN")]
    [InlineData("1e999", "1e998")]
    public void Numbers_outside_the_tolerance_and_other_tokens_that_differ_are_wrong(string expected, string actual)
    {
        Assert.Equal(CheckVerdict.WA, Check(expected, actual).Verdict);
    }

    [Theory]
    [InlineData("1", "1.5", 0.5, 0, true)]
    [InlineData("1", "0.5", 0.5, 0, true)]
    [InlineData("1", "1.5000001", 0.5, 0, false)]
    [InlineData("1.0", "1.1", 0.1, 0, true)]
    [InlineData("1.0", "0.9", 0.1, 0, true)]
    [InlineData("1.0", "1.1000001", 0.1, 0, false)]
    [InlineData("100", "101", 0, 0.01, true)]
    [InlineData("100", "99", 0, 0.01, true)]
    [InlineData("100", "101.0001", 0, 0.01, false)]
    [InlineData("-100", "-101", 0, 0.01, true)]
    [InlineData("0.1", "0.1", 0, 0, true)]
    [InlineData("0.1", "0.10000001", 0, 0, false)]
    [InlineData("1e300", "1.000000001e300", 0, 1e-9, true)]
    [InlineData("1e300", "1.000000002e300", 0, 1e-9, false)]
    [InlineData("0", "1e-300", 0, 1, false)]
    [InlineData("0", "1e-300", 1e-300, 0, true)]
    [InlineData("5", "5.5", 0.5, 0.01, true)]
    [InlineData("500", "505", 0.5, 0.01, true)]
    public void A_number_exactly_at_either_tolerance_is_accepted_and_beyond_it_is_not(
        string expected, string actual, double absolute, double relative, bool accepted)
    {
        var outcome = Check(expected, actual, absolute, relative);

        Assert.Equal(accepted ? CheckVerdict.AC : CheckVerdict.WA, outcome.Verdict);
    }

    [Theory]
    [InlineData("1 2.5", "1 2.6", "line 1, token 2: expected \"2.5\", got \"2.6\" (difference")]
    [InlineData("2.5", "nan", "expected \"2.5\", got \"nan\" (not a finite number)")]
    [InlineData("2.5", "two", "expected \"2.5\", got \"two\" (not a number)")]
    [InlineData("2.5 3", "2.5", "output ended early after 1 token")]
    public void The_message_explains_why_a_number_was_rejected(string expected, string actual, string message)
    {
        Assert.Contains(message, Check(expected, actual).Message);
    }

    [Fact]
    public void The_message_for_a_number_outside_the_tolerance_names_the_tolerance()
    {
        var outcome = Check("1", "1.25", 0.125, 0.0625);

        Assert.EndsWith("(difference 0.25 is outside the tolerance (absolute 0.125, relative 0.0625))", outcome.Message);
    }
}

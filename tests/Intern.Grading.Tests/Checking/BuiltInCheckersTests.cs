using Intern.Grading.Checking;

namespace Intern.Grading.Tests.Checking;

public class BuiltInCheckersTests
{
    [Theory]
    [InlineData("exact")]
    [InlineData("tokens")]
    [InlineData("float")]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("Tokens")]
    public void Every_built_in_type_has_a_checker(string type)
    {
        var checker = BuiltInCheckers.Create(new CheckerSpec { Type = type });

        Assert.Equal(CheckVerdict.AC, checker.Check("1"u8.ToArray(), "1\n"u8.ToArray()).Verdict);
    }

    [Theory]
    [InlineData("program")]
    [InlineData("diff")]
    [InlineData("")]
    public void Program_and_unknown_types_are_refused(string type)
    {
        Assert.Throws<ArgumentException>(() => BuiltInCheckers.Create(new CheckerSpec { Type = type }));
    }

    [Theory]
    [InlineData(-1e-9, 0)]
    [InlineData(0, -1)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.PositiveInfinity)]
    public void Negative_or_non_finite_tolerances_are_refused(double absolute, double relative)
    {
        var spec = new CheckerSpec { Type = "float", AbsoluteTolerance = absolute, RelativeTolerance = relative };

        Assert.Throws<ArgumentException>(() => BuiltInCheckers.Create(spec));
    }

    [Fact]
    public void A_spec_defaults_to_tight_tolerances_and_no_program()
    {
        var spec = new CheckerSpec();

        Assert.Equal(1e-9, spec.AbsoluteTolerance);
        Assert.Equal(1e-9, spec.RelativeTolerance);
        Assert.Empty(spec.Command);
        Assert.Null(spec.Image);
        Assert.Equal("exact", CheckerSpec.Exact.Type);
        Assert.Equal("tokens", CheckerSpec.Tokens.Type);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void An_outcome_refuses_a_score_outside_zero_to_one(double score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckOutcome(score, CheckVerdict.PA, "partly"));
    }

    [Fact]
    public void Accepted_scores_one_and_wrong_scores_zero()
    {
        Assert.Equal(new CheckOutcome(1, CheckVerdict.AC, ""), CheckOutcome.Accepted());
        Assert.Equal(new CheckOutcome(0, CheckVerdict.WA, "why"), CheckOutcome.Wrong("why"));
        Assert.Equal(new CheckOutcome(0.5, CheckVerdict.PA, "half"), CheckOutcome.Partial(0.5, "half"));
    }
}

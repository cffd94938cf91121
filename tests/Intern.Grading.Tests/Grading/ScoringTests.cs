using Intern.Grading.Grading;

namespace Intern.Grading.Tests.Grading;

public class ScoringTests
{
    [Theory]
    [InlineData(100.0, 4, 25.0)]
    [InlineData(30.0, 1, 30.0)]
    [InlineData(0.0, 5, 0.0)]
    [InlineData(1.5, 3, 0.5)]
    [InlineData(40.0, 0, 0.0)]
    [InlineData(40.0, -1, 0.0)]
    public void Each_case_is_worth_an_equal_share_of_its_group_weight(double weight, int cases, double expected)
    {
        Assert.Equal(expected, Scoring.CaseMaxScore(weight, cases));
    }

    [Fact]
    public void Shares_that_do_not_divide_evenly_are_not_rounded_per_case()
    {
        Assert.Equal(10.0 / 3, Scoring.CaseMaxScore(10, 3));
    }

    [Fact]
    public void Full_marks_over_cases_that_do_not_divide_evenly_add_up_to_the_weight_exactly()
    {
        var share = Scoring.CaseMaxScore(100, 7);

        Assert.Equal(100.0, Scoring.Total(Enumerable.Repeat(share, 7)));
    }

    [Fact]
    public void Tenths_add_up_without_floating_point_noise()
    {
        Assert.Equal(1.0, Scoring.Total(Enumerable.Repeat(0.1, 10)));
    }

    [Theory]
    [InlineData(new double[0], 0.0)]
    [InlineData(new[] { 12.5 }, 12.5)]
    [InlineData(new[] { 25.0, 0.0, 12.5 }, 37.5)]
    [InlineData(new[] { 0.1234566, 0.0000001 }, 0.123457)]
    public void The_total_is_the_sum_rounded_to_six_decimals(double[] scores, double expected)
    {
        Assert.Equal(expected, Scoring.Total(scores));
    }
}

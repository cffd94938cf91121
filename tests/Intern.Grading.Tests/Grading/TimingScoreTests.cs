using Intern.Grading.Grading;
using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Grading;

public class TimingScoreTests
{
    private static readonly TimingDefinition Timing = new("/task/solutions/reference", FullWithin: 2, NoneBeyond: 10);
    private static readonly double[] RisingRatios = [2.01, 3.0, 5.0, 8.0, 9.99];

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(10.0, 0.0)]
    [InlineData(50.0, 0.0)]
    public void Ratios_up_to_full_within_earn_everything_and_from_none_beyond_nothing(double ratio, double fraction)
    {
        Assert.Equal(fraction, TimingScore.Fraction(Timing, ratio));
    }

    [Fact]
    public void Between_the_bounds_the_fraction_is_linear_in_the_logarithm_of_the_ratio()
    {
        // sqrt(2 * 10) is the geometric midpoint of 2 and 10.
        Assert.Equal(0.5, TimingScore.Fraction(Timing, Math.Sqrt(20)), precision: 12);
        Assert.Equal(0.75, TimingScore.Fraction(Timing, 2 * Math.Pow(5, 0.25)), precision: 12);
    }

    [Fact]
    public void The_fraction_falls_as_the_ratio_grows()
    {
        var fractions = RisingRatios.Select(r => TimingScore.Fraction(Timing, r)).ToList();

        Assert.All(fractions, f => Assert.InRange(f, 0.0, 1.0));
        Assert.Equal(fractions.OrderDescending(), fractions);
    }

    [Theory]
    [InlineData(200, 100, 2.0)]
    [InlineData(100, 200, 0.5)]
    [InlineData(5, 10, 1.0)]
    [InlineData(100, 1, 5.0)]
    [InlineData(1, 100, 0.2)]
    [InlineData(0, 0, 1.0)]
    public void Times_under_20_ms_count_as_20_ms_in_the_ratio(int candidateMs, int referenceMs, double ratio)
    {
        Assert.Equal(ratio, TimingScore.Ratio(TimeSpan.FromMilliseconds(candidateMs), TimeSpan.FromMilliseconds(referenceMs)), precision: 12);
    }

    [Theory]
    [InlineData(500, 6000)]
    [InlineData(2000, 21000)]
    [InlineData(1, 1200)]
    public void The_wall_limit_is_none_beyond_times_the_reference_plus_a_second(int referenceMs, int limitMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(limitMs), TimingScore.WallLimit(Timing, TimeSpan.FromMilliseconds(referenceMs)));
    }

    [Fact]
    public void The_description_names_both_times_the_ratio_the_bounds_and_the_share_of_points()
    {
        var text = TimingScore.Describe(Timing, TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(500), 3.0, 0.68);

        Assert.Contains("wall time 1.500 s", text, StringComparison.Ordinal);
        Assert.Contains("reference 0.500 s", text, StringComparison.Ordinal);
        Assert.Contains("3.00x", text, StringComparison.Ordinal);
        Assert.Contains("full points within 2x", text, StringComparison.Ordinal);
        Assert.Contains("none from 10x", text, StringComparison.Ordinal);
        Assert.Contains("68", text, StringComparison.Ordinal);
        Assert.EndsWith("of the points", text, StringComparison.Ordinal);
    }
}

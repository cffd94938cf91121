using Intern.Web.Layout;

namespace Intern.Web.Tests.Rendering;

/// <summary>How the pages put a lateness into words: its two largest units, never a zero count.</summary>
public sealed class FormatTests
{
    [Theory]
    [InlineData(0, "less than a minute")]
    [InlineData(0.5, "less than a minute")]
    [InlineData(1, "1 minute")]
    [InlineData(125, "2 hours 5 minutes")]
    [InlineData(60, "1 hour")]
    [InlineData(24 * 60 + 5, "1 day")]
    [InlineData(30 * 60 + 59, "1 day 6 hours")]
    [InlineData(3 * 24 * 60, "3 days")]
    public void ALatenessReadsInItsTwoLargestUnits(double minutes, string expected) =>
        Assert.Equal(expected, Format.Duration(TimeSpan.FromMinutes(minutes)));
}

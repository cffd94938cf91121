using Intern.Server.Submissions;

namespace Intern.Server.Tests.Submissions;

/// <summary>What an applicant is told of a late upload: nothing unless it loses something, and then the review's own numbers.</summary>
public sealed class LateUploadTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(-30, 10, null)]     // on time
    [InlineData(0, 10, null)]       // at the deadline itself
    [InlineData(30, 0, null)]       // late, but the task takes nothing
    [InlineData(30, 10, 10.0)]
    [InlineData(25 * 60, 10, 20.0)]
    [InlineData(30 * 24 * 60, 10, 100.0)]
    public void OnlyAnUploadThatLosesSomethingCarriesAPenalty(int minutesLate, double perDay, double? expected)
    {
        var late = LateUpload.Of(Deadline.AddMinutes(minutesLate), Deadline, perDay);
        Assert.Equal(expected, late?.PenaltyPercent);
        if (late is not null)
            Assert.Equal(new LateUpload(Deadline, TimeSpan.FromMinutes(minutesLate), perDay, expected!.Value), late);
    }

    [Fact]
    public void AnUploadOutsideAnyRoundIsNeverLate() => Assert.Null(LateUpload.Of(Deadline.AddDays(3), null, 10));
}

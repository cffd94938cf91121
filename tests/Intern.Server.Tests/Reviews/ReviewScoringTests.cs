using Intern.Grading.Tasks;
using Intern.Server.Reviews;

namespace Intern.Server.Tests.Reviews;

/// <summary>Rubric totals, the final score from the task's weights, and disagreement, one row per case.</summary>
public sealed class ReviewScoringTests
{
    internal static readonly Rubric Rubric = new([
        new RubricCriterion("code", "Code", 10, [new(10, "clean"), new(5, "works"), new(0, "hard to follow")]),
        new RubricCriterion("report", "Report", 30, [new(30, "thorough"), new(12, "thin"), new(0, "none")]),
    ]);

    public static TheoryData<double?, double?, double, double, double?> FinalCases() => new()
    {
        { 100, 50, 80, 20, 90 },
        { 50, 100, 60, 40, 70 },
        { 75, null, 100, 0, 75 },
        { null, 80, 0, 100, 80 },
        // A part that carries weight and is missing leaves the final score open, never 0.
        { 75, null, 70, 30, null },
        { null, 90, 70, 30, null },
        { 0, 0, 40, 60, 0 },
        { 33.333, 66.667, 1, 1, 50 },
        { 100, 100, 0, 0, null },
    };

    [Theory]
    [MemberData(nameof(FinalCases))]
    public void FinalScoreWeighsTheAutoAndReviewPartsByTheTask(double? auto, double? review, double autoWeight, double reviewWeight, double? expected) =>
        Assert.Equal(expected, ReviewScoring.Final(auto, review, new ScoringWeights { Auto = autoWeight, Review = reviewWeight }));

    [Theory]
    [InlineData(-60, 10, 0)]         // early
    [InlineData(0, 10, 0)]           // at the deadline itself
    [InlineData(1, 10, 10)]          // a minute late is a day started
    [InlineData(24 * 60, 10, 10)]
    [InlineData(24 * 60 + 1, 10, 20)]
    [InlineData(36 * 60, 0, 0)]      // no penalty in the task
    [InlineData(30 * 24 * 60, 10, 100)]
    public void ALateUploadLosesThePenaltyForEveryDayOrPartOfOne(int minutesLate, double perDay, double expected)
    {
        var deadline = new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, ReviewScoring.LatePenaltyPercent(deadline.AddMinutes(minutesLate), deadline, perDay));
    }

    [Fact]
    public void ThePenaltyTakesItsShareOfTheWeighedScore() =>
        Assert.Equal(72, ReviewScoring.Final(100, 50, new ScoringWeights { Auto = 80, Review = 20 }, latePenaltyPercent: 20));

    public static TheoryData<double[], double, bool> DisagreementCases() => new()
    {
        { [30, 25], 20, false },
        { [30, 22], 20, false },
        { [30, 20], 20, true },
        { [40, 10, 25], 20, true },
        { [40], 0, false },
        { [], 20, false },
        { [20, 20], 0, false },
    };

    [Theory]
    [MemberData(nameof(DisagreementCases))]
    public void ReviewersDisagreeWhenTheirTotalsLieFurtherApartThanTheThreshold(double[] totals, double threshold, bool expected) =>
        Assert.Equal(expected, ReviewScoring.Disagree([.. totals.Select(t => (t, 40.0))], threshold));

    public static TheoryData<double[], double?> ReviewPercentCases() => new()
    {
        { [40, 20], 75 },
        { [10], 25 },
        { [], null },
        { [0, 0], 0 },
    };

    [Theory]
    [MemberData(nameof(ReviewPercentCases))]
    public void TheReviewPartIsTheMeanOfTheSubmittedReviews(double[] totals, double? expected) =>
        Assert.Equal(expected, ReviewScoring.ReviewPercent([.. totals.Select(t => (t, 40.0))]));

    public static TheoryData<double?, double?, double?, int> TotalCases() => new()
    {
        { 10, 30, 40, 0 },
        { 5, 12, 17, 0 },
        { 0, 0, 0, 0 },
        { 5, null, null, 1 },
        { null, null, null, 1 },
    };

    [Theory]
    [MemberData(nameof(TotalCases))]
    public void TheTotalAddsTheChosenLevelsAndSubmittingNeedsEveryCriterion(double? code, double? report, double? total, int problemsWhenComplete)
    {
        ScoreInput[] scores = [new("code", code, ""), new("report", report, "")];
        Assert.Equal(total, ReviewScoring.Total(Rubric, scores));
        Assert.Empty(ReviewScoring.Problems(Rubric, scores, complete: false));
        Assert.Equal(problemsWhenComplete, ReviewScoring.Problems(Rubric, scores, complete: true).Count);
    }

    public static TheoryData<ScoreInput[], string> RefusedCases() => new()
    {
        { [new("code", 7, "")], "no level worth 7" },
        { [new("style", 5, "")], "no criterion 'style'" },
        { [new("code", 5, ""), new("code", 10, "")], "scored twice" },
        { [new("code", 5, new string('x', 4001))], "longer than 4000" },
    };

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void ScoresOutsideTheRubricAreRefused(ScoreInput[] scores, string problem) =>
        Assert.Contains(ReviewScoring.Problems(Rubric, scores, complete: false), p => p.Contains(problem, StringComparison.Ordinal));

    public static TheoryData<double?, double?, double?> AutoCases() => new()
    {
        { 20, 20, 100 },
        { 15, 60, 25 },
        { null, 20, null },
        { 5, 0, null },
    };

    [Theory]
    [MemberData(nameof(AutoCases))]
    public void TheAutoPartIsThePercentOfItsMaximum(double? score, double? max, double? expected) =>
        Assert.Equal(expected, ReviewScoring.AutoPercent(score, max));
}

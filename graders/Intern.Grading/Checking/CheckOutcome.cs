namespace Intern.Grading.Checking;

/// <summary>
/// The result of checking one output. <see cref="Score"/> is the fraction of the test case's points
/// earned, in [0, 1]. <see cref="Message"/> is shown to the applicant, so it explains the first
/// difference in terms of their output and never leaks more of the expected output than that.
/// </summary>
public sealed record CheckOutcome(double Score, CheckVerdict Verdict, string Message)
{
    public double Score { get; init; } = Score is >= 0 and <= 1
        ? Score
        : throw new ArgumentOutOfRangeException(nameof(Score), Score, "A check score must lie in [0, 1].");

    public static CheckOutcome Accepted() => new(1, CheckVerdict.AC, "");

    public static CheckOutcome Wrong(string message) => new(0, CheckVerdict.WA, message);

    public static CheckOutcome Partial(double score, string message) => new(score, CheckVerdict.PA, message);
}

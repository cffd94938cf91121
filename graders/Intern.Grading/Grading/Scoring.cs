namespace Intern.Grading.Grading;

/// <summary>How a group's weight is split over its cases.</summary>
public static class Scoring
{
    /// <summary>Each case is worth an equal share of its group's weight; rounding is left to presentation.</summary>
    public static double CaseMaxScore(double groupWeight, int caseCount) =>
        caseCount <= 0 ? 0 : groupWeight / caseCount;

    /// <summary>Sums case scores and keeps floating-point noise from showing as 99.99999 out of 100.</summary>
    public static double Total(IEnumerable<double> scores) => Math.Round(scores.Sum(), 6);
}

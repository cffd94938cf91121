using System.Globalization;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>How a group's weight is split over its cases, and what a grading is out of.</summary>
public static class Scoring
{
    /// <summary>Each case is worth an equal share of its group's weight; rounding is left to presentation.</summary>
    public static double CaseMaxScore(double groupWeight, int caseCount) =>
        caseCount <= 0 ? 0 : groupWeight / caseCount;

    /// <summary>Sums case scores and keeps floating-point noise from showing as 99.99999 out of 100.</summary>
    public static double Total(IEnumerable<double> scores) => Math.Round(scores.Sum(), 6);

    /// <summary>
    /// The most a grading can earn: every group's weight, less the groups the submission declined (an optional server
    /// it does not offer). Such points are absent, not lost: a share computed from score and maximum is unchanged.
    /// </summary>
    public static double MaxScore(TaskDefinition task, IReadOnlyCollection<TestGroupDefinition> absent) =>
        Math.Round(task.MaxAutoScore - absent.Sum(g => g.Weight), 6);

    /// <summary>One line per declined group for the result's output, so that nobody wonders where the group went.</summary>
    public static string AbsentReport(IReadOnlyCollection<TestGroupDefinition> absent) =>
        string.Concat(absent.Select(g => string.Create(CultureInfo.InvariantCulture,
            $"{g.Name}: not offered (the server exited with {g.Serve!.OptionalExit} at its start), so its {g.Weight:0.###} points are not counted.\n")));
}

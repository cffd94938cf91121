namespace Intern.Grading.Tasks;

/// <summary>
/// A task's review criteria from <c>rubric.yaml</c>: what reviewers score that the automatic part cannot see.
/// Each criterion is scored by choosing one of its levels; the best level is worth the criterion's points.
/// </summary>
public sealed record Rubric(IReadOnlyList<RubricCriterion> Criteria)
{
    public const string FileName = "rubric.yaml";

    public double MaxPoints => Criteria.Sum(c => c.Points);

    public RubricCriterion? Find(string id) => Criteria.FirstOrDefault(c => c.Id == id);
}

/// <summary>One criterion: its levels ordered from best to worst, the best one worth <see cref="Points"/>.</summary>
public sealed record RubricCriterion(string Id, string Title, double Points, IReadOnlyList<RubricLevel> Levels)
{
    /// <summary>The auto-graded results that inform this criterion, shown beside it to the reviewer; null when none.</summary>
    public RubricEvidence? Evidence { get; init; }
}

/// <summary>Test groups of the task (by name) and metrics of its results (by key) that a criterion draws on.</summary>
public sealed record RubricEvidence(IReadOnlyList<string> Groups, IReadOnlyList<string> Metrics);

public sealed record RubricLevel(double Points, string Description);

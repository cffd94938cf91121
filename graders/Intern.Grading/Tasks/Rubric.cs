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
public sealed record RubricCriterion(string Id, string Title, double Points, IReadOnlyList<RubricLevel> Levels);

public sealed record RubricLevel(double Points, string Description);

using Intern.Grading.Tasks;

namespace Intern.Server.Reviews;

/// <summary>The scoring decisions of the review, as pure functions: rubric totals, the final score, disagreement.</summary>
public static class ReviewScoring
{
    /// <summary>Why <paramref name="scores"/> do not fit the rubric; with <paramref name="complete"/>, every criterion must have a level.</summary>
    public static IReadOnlyList<string> Problems(Rubric rubric, IReadOnlyList<ScoreInput> scores, bool complete)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        ArgumentNullException.ThrowIfNull(scores);
        var problems = new List<string>();
        foreach (var duplicate in scores.GroupBy(s => s.Criterion).Where(g => g.Count() > 1))
            problems.Add($"Criterion '{duplicate.Key}' is scored twice.");
        foreach (var score in scores)
        {
            var criterion = rubric.Find(score.Criterion);
            if (criterion is null)
                problems.Add($"The rubric has no criterion '{score.Criterion}'.");
            else if (score.Points is { } points && !criterion.Levels.Any(l => l.Points == points))
                problems.Add($"'{criterion.Title}' has no level worth {points} points (levels: {string.Join(", ", criterion.Levels.Select(l => l.Points))}).");
            if (score.Comment is { Length: > 4000 })
                problems.Add($"The comment on '{score.Criterion}' is longer than 4000 characters.");
        }
        if (complete)
        {
            var missing = rubric.Criteria.Where(c => !scores.Any(s => s.Criterion == c.Id && s.Points is not null)).Select(c => c.Title).ToList();
            if (missing.Count > 0)
                problems.Add($"Choose a level for every criterion before submitting; missing: {string.Join(", ", missing)}.");
        }
        return problems;
    }

    /// <summary>The points given, or null while some criterion has no level.</summary>
    public static double? Total(Rubric rubric, IReadOnlyList<ScoreInput> scores)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        double total = 0;
        foreach (var criterion in rubric.Criteria)
        {
            if (scores.FirstOrDefault(s => s.Criterion == criterion.Id)?.Points is not { } points)
                return null;
            total += points;
        }
        return total;
    }

    /// <summary>The review part in percent: the mean of the submitted reviews' totals over their maxima; null with no review.</summary>
    public static double? ReviewPercent(IReadOnlyList<(double Total, double Max)> reviews)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        var counted = reviews.Where(r => r.Max > 0).ToList();
        return counted.Count == 0 ? null : Math.Round(counted.Average(r => 100 * r.Total / r.Max), 2);
    }

    /// <summary>
    /// The final score in percent, weighing the auto-graded and the review parts (both in percent) by the task's
    /// <c>scoring</c>. Null while a part that carries weight is missing: a final score never pretends a pending review is 0.
    /// </summary>
    /// <remarks>A late upload loses <paramref name="latePenaltyPercent"/> of the weighed score (see <see cref="LatePenaltyPercent"/>).</remarks>
    public static double? Final(double? autoPercent, double? reviewPercent, ScoringWeights weights, double latePenaltyPercent = 0)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var sum = weights.Auto + weights.Review;
        if (sum <= 0 || (weights.Auto > 0 && autoPercent is null) || (weights.Review > 0 && reviewPercent is null))
            return null;
        var weighed = ((weights.Auto * (autoPercent ?? 0)) + (weights.Review * (reviewPercent ?? 0))) / sum;
        return Math.Round(weighed * (1 - (Math.Clamp(latePenaltyPercent, 0, 100) / 100)), 2);
    }

    /// <summary>
    /// What an upload after the round's deadline loses: the task's <c>late_penalty_percent_per_day</c> for every day or part
    /// of a day it came late, 100 at most. Late uploads exist only within the task's <c>grace</c>, or when an admin moved the
    /// deadline before uploads already made (it counts against the deadline as it is now).
    /// </summary>
    public static double LatePenaltyPercent(DateTimeOffset uploadedAt, DateTimeOffset deadline, double percentPerDay)
    {
        var late = uploadedAt - deadline;
        return late <= TimeSpan.Zero || percentPerDay <= 0 ? 0 : Math.Min(100, percentPerDay * Math.Ceiling(late.TotalDays));
    }

    /// <summary>Reviewers disagree when their submitted totals (in percent of the rubric) lie more than the threshold apart.</summary>
    public static bool Disagree(IReadOnlyList<(double Total, double Max)> reviews, double thresholdPercent)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        var percents = reviews.Where(r => r.Max > 0).Select(r => 100 * r.Total / r.Max).ToList();
        return percents.Count > 1 && percents.Max() - percents.Min() > thresholdPercent;
    }

    /// <summary>The auto-graded part in percent of its maximum, or null before a result.</summary>
    public static double? AutoPercent(double? score, double? max) =>
        score is { } s && max is > 0 ? Math.Round(100 * s / max.Value, 2) : null;
}

using Intern.Grading.Tasks;

namespace Intern.Server.Reviews;

/// <summary>Assigned: nothing scored yet; Draft: saved as the reviewer works; Submitted: locked.</summary>
public enum ReviewState
{
    Assigned,
    Draft,
    Submitted,
}

/// <summary>
/// One reviewer's review of one submission, from the assignment to the locked scores. A submitted review
/// never changes again: the reviewer's judgement is recorded as it was when others' reviews became visible.
/// </summary>
public sealed class Review
{
    private Review() { }

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public Guid ReviewerId { get; private set; }

    /// <summary>The admin who assigned it, or null when it was assigned automatically.</summary>
    public Guid? AssignedBy { get; private set; }
    public DateTimeOffset AssignedAt { get; private set; }
    public ReviewState State { get; private set; }
    public string Comment { get; private set; } = "";
    public List<CriterionScore> Scores { get; private set; } = [];

    /// <summary>Comments on single lines of the submission's files, part of the review: drafts until it is submitted, then locked with it.</summary>
    public List<LineComment> LineComments { get; private set; } = [];
    public DateTimeOffset? UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>Points given and the rubric's maximum at submission, so that a later rubric edit does not rewrite past totals.</summary>
    public double? Total { get; private set; }
    public double? MaxPoints { get; private set; }

    public static Review Assign(Guid submissionId, Guid reviewerId, Guid? assignedBy, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        SubmissionId = submissionId,
        ReviewerId = reviewerId,
        AssignedBy = assignedBy,
        AssignedAt = now,
        State = ReviewState.Assigned,
    };

    /// <summary>Keeps what the reviewer has so far: levels may be missing, but those given must be the rubric's.</summary>
    public void SaveDraft(Rubric rubric, IReadOnlyList<ScoreInput> scores, string? comment, DateTimeOffset now)
    {
        Refuse(ReviewScoring.Problems(rubric, scores, complete: false));
        Apply(scores, comment, now);
        State = ReviewState.Draft;
    }

    /// <summary>Locks the review; every criterion needs a level of the rubric.</summary>
    public void Submit(Rubric rubric, IReadOnlyList<ScoreInput> scores, string? comment, DateTimeOffset now)
    {
        Refuse(ReviewScoring.Problems(rubric, scores, complete: true));
        Apply(scores, comment, now);
        State = ReviewState.Submitted;
        SubmittedAt = now;
        Total = ReviewScoring.Total(rubric, scores);
        MaxPoints = rubric.MaxPoints;
    }

    /// <summary>The most line comments one review holds: enough for any real reading, bounded against a runaway script.</summary>
    public const int MaxLineComments = 300;

    /// <summary>Adds a comment on line <paramref name="line"/> of <paramref name="path"/>; the caller has checked that the file has that line.</summary>
    public LineComment CommentOnLine(string path, int line, string text, DateTimeOffset now)
    {
        // A browser's form posts line breaks as CRLF, its textarea counts them as one character: store them as one.
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var problems = new List<string>();
        if (LineComments.Count >= MaxLineComments)
            problems.Add($"A review holds at most {MaxLineComments} line comments.");
        if (string.IsNullOrWhiteSpace(text))
            problems.Add("Write the comment first.");
        else if (text.Trim().Length > LineComment.MaxTextLength)
            problems.Add($"A line comment is at most {LineComment.MaxTextLength} characters.");
        Refuse(problems);
        var comment = new LineComment(Guid.NewGuid(), path, line, text.Trim(), now);
        LineComments.Add(comment);
        Touch(now);
        return comment;
    }

    /// <summary>Takes back one of the review's line comments; false when it has no such comment.</summary>
    public bool RemoveLineComment(Guid id, DateTimeOffset now)
    {
        Refuse([]);
        var removed = LineComments.RemoveAll(c => c.Id == id) > 0;
        if (removed)
            Touch(now);
        return removed;
    }

    // A line comment starts the draft like a score does, and moves the concurrency token so that it cannot slip past a submit.
    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        if (State == ReviewState.Assigned)
            State = ReviewState.Draft;
    }

    private void Refuse(IReadOnlyList<string> problems)
    {
        if (State == ReviewState.Submitted)
            throw new InvalidOperationException("This review is submitted and locked; it can no longer change.");
        if (problems.Count > 0)
            throw new ArgumentException(string.Join(" ", problems));
    }

    // In place: a score row keeps its identity (review, criterion), so saving a draft twice updates rather than re-inserts.
    private void Apply(IReadOnlyList<ScoreInput> scores, string? comment, DateTimeOffset now)
    {
        foreach (var input in scores)
        {
            var score = Scores.SingleOrDefault(s => s.CriterionId == input.Criterion);
            if (score is null)
                Scores.Add(score = new CriterionScore(input.Criterion));
            score.Set(input.Points, input.Comment);
        }
        Comment = (comment ?? "").Trim();
        UpdatedAt = now;
    }
}

/// <summary>The level (by its points) and the comment a reviewer gave one criterion.</summary>
public sealed class CriterionScore
{
    private CriterionScore() { }

    internal CriterionScore(string criterionId) => CriterionId = criterionId;

    public string CriterionId { get; private set; } = "";
    public double? Points { get; private set; }
    public string Comment { get; private set; } = "";

    internal void Set(double? points, string? comment)
    {
        Points = points;
        Comment = (comment ?? "").Trim();
    }
}

/// <summary>A reviewer's comment anchored to one line (1-based) of one file of the submission, by the file's path in the archive.</summary>
public sealed class LineComment
{
    public const int MaxTextLength = 2000;

    private LineComment() { }

    internal LineComment(Guid id, string path, int line, string text, DateTimeOffset createdAt)
    {
        Id = id;
        Path = path;
        Line = line;
        Text = text;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Path { get; private set; } = "";
    public int Line { get; private set; }
    public string Text { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>What a reviewer sends for one criterion: the chosen level's points (null: not chosen yet) and a comment.</summary>
public sealed record ScoreInput(string Criterion, double? Points, string? Comment);

namespace Intern.Server.Reviews;

public enum DecisionOutcome
{
    Advance,
    Hold,
    Reject,
}

/// <summary>The hiring team's decision on an applicant's work for one task of a round, with a note saying why.</summary>
public sealed class ApplicantDecision
{
    public const int MaxNoteLength = 2000;

    private ApplicantDecision() { }

    public Guid RoundId { get; private set; }
    public Guid ApplicantId { get; private set; }
    public string TaskSlug { get; private set; } = "";
    public DecisionOutcome Outcome { get; private set; }
    public string Note { get; private set; } = "";
    public Guid DecidedBy { get; private set; }
    public DateTimeOffset DecidedAt { get; private set; }

    public static ApplicantDecision Make(Guid roundId, Guid applicantId, string taskSlug, DecisionOutcome outcome, string? note, Guid decidedBy, DateTimeOffset now)
    {
        var decision = new ApplicantDecision { RoundId = roundId, ApplicantId = applicantId, TaskSlug = taskSlug };
        decision.Change(outcome, note, decidedBy, now);
        return decision;
    }

    /// <summary>A decision can be revised (a held applicant advanced later); who and when is the latest change.</summary>
    public void Change(DecisionOutcome outcome, string? note, Guid decidedBy, DateTimeOffset now)
    {
        if (!Enum.IsDefined(outcome))
            throw new ArgumentOutOfRangeException(nameof(outcome));
        var trimmed = (note ?? "").Trim();
        if (trimmed.Length > MaxNoteLength)
            throw new ArgumentException($"A note has at most {MaxNoteLength} characters.", nameof(note));
        Outcome = outcome;
        Note = trimmed;
        DecidedBy = decidedBy;
        DecidedAt = now;
    }
}

namespace Intern.Server.Rejudging;

public enum RejudgeState
{
    Previewing,
    Applied,
    Discarded,
}

/// <summary>
/// An admin's rejudge of one task of a hiring round after the task's tests changed. Every applicant's latest graded
/// submission is graded again against the package as the server has it now, into results kept aside: applicants,
/// reviewers and the applicants table see nothing change. The admin reads the preview of every score that would
/// change, then applies it (all those results become current in one transaction) or discards it.
/// </summary>
public sealed class Rejudge
{
    private Rejudge() { }

    public Guid Id { get; private set; }
    public Guid RoundId { get; private set; }
    public string TaskSlug { get; private set; } = "";

    /// <summary>The package version the preview grades against (the one loaded when the rejudge started).</summary>
    public int TaskVersion { get; private set; }

    public Guid StartedBy { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public RejudgeState State { get; private set; }
    public Guid? ClosedBy { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>How many preview results applying made current (changed or not); failed previews and submissions graded meanwhile are not among them.</summary>
    public int Applied { get; private set; }

    /// <summary>Concurrency token: two admins applying (or one applying while another discards) cannot both win.</summary>
    public Guid Version { get; private set; }

    public static Rejudge Start(Guid roundId, string taskSlug, int taskVersion, Guid startedBy, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        RoundId = roundId,
        TaskSlug = taskSlug,
        TaskVersion = taskVersion,
        StartedBy = startedBy,
        StartedAt = now,
        State = RejudgeState.Previewing,
        Version = Guid.NewGuid(),
    };

    public void Apply(Guid by, DateTimeOffset now, int applied)
    {
        Close(RejudgeState.Applied, by, now);
        Applied = applied;
    }

    public void Discard(Guid by, DateTimeOffset now) => Close(RejudgeState.Discarded, by, now);

    private void Close(RejudgeState state, Guid by, DateTimeOffset now)
    {
        if (State != RejudgeState.Previewing)
            throw new InvalidOperationException($"This rejudge was already {State.ToString().ToLowerInvariant()}.");
        State = state;
        ClosedBy = by;
        ClosedAt = now;
        Version = Guid.NewGuid();
    }
}

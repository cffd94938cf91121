namespace Intern.Server.Queue;

public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// One grading of one submission, claimed by a worker under a lease. A worker that stops renewing
/// its lease loses the job to the next claim; after <see cref="MaxAttempts"/> claims the job fails
/// as a platform error that an admin can retry. State changes are methods that refuse illegal moves.
/// </summary>
public sealed class GradingJob
{
    private GradingJob() { }

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public JobState State { get; private set; }
    public int Attempts { get; private set; }
    public int MaxAttempts { get; private set; }
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseExpiresAt { get; private set; }
    public DateTimeOffset EnqueuedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>Set on a rejudge's preview grading: its result is kept aside until an admin applies the rejudge.</summary>
    public Guid? RejudgeId { get; private set; }

    /// <summary>The task version to grade against when not the submission's own (a rejudge after the package changed).</summary>
    public int? TaskVersion { get; private set; }

    /// <summary>Where the current attempt is (preparing, building, testing, checking), for live status; null while queued.</summary>
    public string? Phase { get; private set; }
    public int CasesDone { get; private set; }
    public int CasesTotal { get; private set; }

    /// <summary>Concurrency token: every state change bumps it, so two workers cannot both win a race.</summary>
    public Guid Version { get; private set; }

    public static GradingJob Enqueue(Guid submissionId, DateTimeOffset now, int maxAttempts) => new()
    {
        Id = Guid.NewGuid(),
        SubmissionId = submissionId,
        State = JobState.Queued,
        MaxAttempts = maxAttempts,
        EnqueuedAt = now,
        Version = Guid.NewGuid(),
    };

    /// <summary>A preview grading for <paramref name="rejudgeId"/> against <paramref name="taskVersion"/>: nothing anyone else sees changes when it ends.</summary>
    public static GradingJob EnqueuePreview(Guid submissionId, Guid rejudgeId, int taskVersion, DateTimeOffset now, int maxAttempts)
    {
        var job = Enqueue(submissionId, now, maxAttempts);
        job.RejudgeId = rejudgeId;
        job.TaskVersion = taskVersion;
        return job;
    }

    /// <summary>Whether a worker may take the job now: queued, or running under a lease that has run out.</summary>
    public bool IsClaimable(DateTimeOffset now) =>
        State == JobState.Queued || (State == JobState.Running && LeaseExpiresAt < now);

    public void Claim(string owner, DateTimeOffset now, TimeSpan lease)
    {
        if (!IsClaimable(now))
            throw new InvalidOperationException($"Job {Id} is {State} and its lease has not run out.");
        if (Attempts >= MaxAttempts)
            throw new InvalidOperationException($"Job {Id} has used all {MaxAttempts} attempts.");
        State = JobState.Running;
        Attempts++;
        LeaseOwner = owner;
        LeaseExpiresAt = now + lease;
        StartedAt = now;
        Phase = "preparing";
        CasesDone = 0;
        CasesTotal = 0;
        Version = Guid.NewGuid();
    }

    /// <summary>The holder says how far it got; others' reports are refused like a lost lease.</summary>
    public void ReportProgress(string owner, string phase, int done, int total)
    {
        if (!IsHeldBy(owner))
            throw new LeaseLostException(Id);
        Phase = phase;
        CasesDone = done;
        CasesTotal = total;
        Version = Guid.NewGuid();
    }

    /// <summary>
    /// Whether <paramref name="owner"/> still has the job. A late heartbeat keeps it as long as nobody else
    /// claimed it meanwhile: only another claim (which changes the owner) takes a job away.
    /// </summary>
    public bool IsHeldBy(string owner) => State == JobState.Running && LeaseOwner == owner;

    public void Renew(string owner, DateTimeOffset now, TimeSpan lease)
    {
        if (!IsHeldBy(owner))
            throw new LeaseLostException(Id);
        LeaseExpiresAt = now + lease;
        Version = Guid.NewGuid();
    }

    public void Succeed(string owner, DateTimeOffset now)
    {
        if (!IsHeldBy(owner))
            throw new LeaseLostException(Id);
        State = JobState.Succeeded;
        FinishedAt = now;
        Phase = null;
        LeaseOwner = null;
        LeaseExpiresAt = null;
        LastError = null;
        Version = Guid.NewGuid();
    }

    /// <summary>A platform failure on this attempt: back to the queue, or failed for good when the attempts are spent.</summary>
    public void FailAttempt(string? owner, DateTimeOffset now, string error)
    {
        if (owner is not null && !IsHeldBy(owner))
            throw new LeaseLostException(Id);
        State = Attempts >= MaxAttempts ? JobState.Failed : JobState.Queued;
        Phase = null;
        FinishedAt = State == JobState.Failed ? now : null;
        LeaseOwner = null;
        LeaseExpiresAt = null;
        LastError = error;
        Version = Guid.NewGuid();
    }

    /// <summary>An admin sends a failed job round again with a fresh set of attempts.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (State != JobState.Failed)
            throw new InvalidOperationException($"Only failed jobs can be retried; job {Id} is {State}.");
        State = JobState.Queued;
        Attempts = 0;
        EnqueuedAt = now;
        FinishedAt = null;
        Version = Guid.NewGuid();
    }
}

/// <summary>The worker no longer holds the job's lease: another worker may be grading it, so this one must stop.</summary>
public sealed class LeaseLostException(Guid jobId) : Exception($"The lease on job {jobId} was lost.")
{
    public Guid JobId { get; } = jobId;
}

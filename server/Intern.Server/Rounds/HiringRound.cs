namespace Intern.Server.Rounds;

/// <summary>A hiring round: which tasks are open to its applicants, until when, how often, and when hidden results show.</summary>
public sealed class HiringRound
{
    private HiringRound() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset Deadline { get; private set; }
    public int MaxSubmissions { get; private set; }
    public DateTimeOffset? HiddenResultsReleasedAt { get; private set; }
    public bool BlindReview { get; private set; }

    /// <summary>Reviewers each submission of the round gets when they are assigned at once; null: the server's <c>Reviews:ReviewersPerSubmission</c>.</summary>
    public int? ReviewersPerSubmission { get; private set; }
    public List<string> TaskSlugs { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    public static HiringRound Open(string name, DateTimeOffset deadline, int maxSubmissions, IEnumerable<string> taskSlugs, DateTimeOffset now, bool blindReview = false)
    {
        var round = new HiringRound { Id = Guid.NewGuid(), CreatedAt = now, BlindReview = blindReview };
        round.Change(name, deadline, maxSubmissions, taskSlugs);
        return round;
    }

    /// <summary>Renames, moves the deadline, changes the cap or the tasks; submissions already made stay as they are.</summary>
    public void Change(string name, DateTimeOffset deadline, int maxSubmissions, IEnumerable<string> taskSlugs, bool? blindReview = null)
    {
        // Once hidden results are out, reopening the round would let applicants resubmit against them.
        if (HiddenResultsReleasedAt is not null && deadline != Deadline)
            throw new InvalidOperationException($"Hidden results of '{Name}' are released; its deadline can no longer move.");
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSubmissions, 1);
        ArgumentNullException.ThrowIfNull(taskSlugs);
        List<string> tasks = [.. taskSlugs.Distinct(StringComparer.Ordinal)];
        if (tasks.Count == 0)
            throw new ArgumentException("A round needs at least one task.", nameof(taskSlugs));
        Name = name.Trim();
        // PostgreSQL stores instants in UTC only; a deadline typed with an offset is the same instant in UTC.
        Deadline = deadline.ToUniversalTime();
        BlindReview = blindReview ?? BlindReview;
        MaxSubmissions = maxSubmissions;
        TaskSlugs = tasks;
    }

    public void AskForReviewers(int? perSubmission)
    {
        if (perSubmission is < 1 or > 10)
            throw new ArgumentOutOfRangeException(nameof(perSubmission), perSubmission, "Between 1 and 10 reviewers per submission.");
        ReviewersPerSubmission = perSubmission;
    }

    public bool AcceptsSubmissions(DateTimeOffset now) => now <= Deadline;

    public bool Offers(string taskSlug) => TaskSlugs.Contains(taskSlug, StringComparer.Ordinal);

    /// <summary>
    /// Hidden results show once released, and a release can only happen after the deadline and the longest
    /// grace of the round's tasks: never while applicants could still upload against them.
    /// </summary>
    public void ReleaseHiddenResults(DateTimeOffset now, TimeSpan longestGrace = default)
    {
        if (AcceptsSubmissions(now - longestGrace))
            throw new InvalidOperationException($"Round '{Name}' accepts uploads until {(Deadline + longestGrace).UtcDateTime:yyyy-MM-dd HH:mm} UTC; hidden results can be released only after that.");
        HiddenResultsReleasedAt ??= now;
    }

    public bool HiddenResultsReleased(DateTimeOffset now) => HiddenResultsReleasedAt is { } at && at <= now;
}

/// <summary>An applicant enrolled in a round (by accepting an invitation); the row submissions in the round are counted under.</summary>
public sealed class RoundMember
{
    private RoundMember() { }

    public Guid RoundId { get; private set; }
    public Guid UserId { get; private set; }
    public DateTimeOffset EnrolledAt { get; private set; }

    public static RoundMember Enrol(Guid roundId, Guid userId, DateTimeOffset now) => new() { RoundId = roundId, UserId = userId, EnrolledAt = now };
}

using Intern.Grading.Results;

namespace Intern.Web;

public sealed record Outcome(bool Succeeded, IReadOnlyList<string> Problems)
{
    public static Outcome Ok { get; } = new(true, []);

    public static Outcome Refused(params IReadOnlyList<string> problems) => new(false, problems);
}

public sealed record InvitationInfo(string Role, string? Round, DateTimeOffset? Deadline, string? Email, DateTimeOffset ExpiresAt);

/// <summary>An invitation that can be accepted (<see cref="Invitation"/>), or the reason it cannot (<see cref="Refusal"/>).</summary>
public sealed record InvitationLookup(InvitationInfo? Invitation, string? Refusal);

/// <summary>
/// Open: the round still takes uploads for the task (its deadline plus the task's grace). LatePenaltyPercentPerDay: what the
/// task takes off the final score of an upload after the deadline, per started day (0: nothing).
/// </summary>
public sealed record RoundTask(string Slug, string Title, int Used, int Left, Guid? Latest, string? LatestStatus, bool Open, double LatePenaltyPercentPerDay = 0);

public sealed record RoundInfo(Guid Id, string Name, DateTimeOffset Deadline, bool Open, int MaxSubmissions, IReadOnlyList<RoundTask> Tasks);

public sealed record TaskInfo(string Slug, string Title, string Track, int Version, IReadOnlyList<string> Languages, IReadOnlyList<string> Required,
    double TimeLimitSeconds, long MemoryLimitBytes, string Statement, bool HasStarter);

/// <summary>A result as the user may see it: hidden tests only as counts (null when there are none to count).</summary>
public sealed record SubmissionResult(double Score, double MaxScore, IReadOnlyList<TestResult> Tests, int? HiddenCount, int? HiddenPassed,
    string Output, bool Gradable, IReadOnlyList<string> FormatErrors);

/// <summary>An upload after its round's deadline: how late it came, the task's rate per started day and the percent of the final score it loses.</summary>
public sealed record LateUploadInfo(DateTimeOffset Deadline, TimeSpan LateBy, double PercentPerDay, double PenaltyPercent);

/// <summary>Status is one of queued, grading, graded, platform_error. Late is null for an upload that loses nothing for lateness.</summary>
public sealed record SubmissionInfo(Guid Id, string Task, int TaskVersion, string FileName, DateTimeOffset CreatedAt, string Status, SubmissionResult? Result)
{
    public LateUploadInfo? Late { get; init; }
}

public sealed record SubmissionHistory(IReadOnlyList<SubmissionInfo> Items, DateTimeOffset? Next);

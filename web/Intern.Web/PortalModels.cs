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

/// <summary>Open: the round still takes uploads for the task (its deadline plus the task's grace).</summary>
public sealed record RoundTask(string Slug, string Title, int Used, int Left, Guid? Latest, string? LatestStatus, bool Open);

public sealed record RoundInfo(Guid Id, string Name, DateTimeOffset Deadline, bool Open, int MaxSubmissions, IReadOnlyList<RoundTask> Tasks);

public sealed record TaskInfo(string Slug, string Title, string Track, int Version, IReadOnlyList<string> Languages, IReadOnlyList<string> Required,
    double TimeLimitSeconds, long MemoryLimitBytes, string Statement, bool HasStarter);

/// <summary>A result as the user may see it: hidden tests only as counts (null when there are none to count).</summary>
public sealed record SubmissionResult(double Score, double MaxScore, IReadOnlyList<TestResult> Tests, int? HiddenCount, int? HiddenPassed,
    string Output, bool Gradable, IReadOnlyList<string> FormatErrors);

/// <summary>Status is one of queued, grading, graded, platform_error.</summary>
public sealed record SubmissionInfo(Guid Id, string Task, int TaskVersion, string FileName, DateTimeOffset CreatedAt, string Status, SubmissionResult? Result);

public sealed record SubmissionHistory(IReadOnlyList<SubmissionInfo> Items, DateTimeOffset? Next);

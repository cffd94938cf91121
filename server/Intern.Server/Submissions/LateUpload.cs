using Intern.Server.Reviews;

namespace Intern.Server.Submissions;

/// <summary>
/// What an upload after its round's deadline loses, as its applicant is told: how late it came, the task's rate per started
/// day and the percent of the final score taken off. Nothing here is the reviewers' own: the deadline and the task's policy
/// are the applicant's to know, and the final score itself is not part of it.
/// </summary>
public sealed record LateUpload(DateTimeOffset Deadline, TimeSpan LateBy, double PercentPerDay, double PenaltyPercent)
{
    /// <summary>
    /// The penalty of an upload, or null when it carries none: no round, on time, or a task that takes nothing for lateness.
    /// The rule itself is <see cref="ReviewScoring.LatePenaltyPercent"/>, so the applicant is told what reviewers see.
    /// </summary>
    public static LateUpload? Of(DateTimeOffset uploadedAt, DateTimeOffset? deadline, double percentPerDay) =>
        deadline is { } due && ReviewScoring.LatePenaltyPercent(uploadedAt, due, percentPerDay) is > 0 and var penalty
            ? new LateUpload(due, uploadedAt - due, percentPerDay, penalty)
            : null;
}

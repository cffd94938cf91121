using System.Security.Claims;

namespace Intern.Web.Reviews;

/// <summary>
/// What the staff pages need from the server, answered by the same handlers as the reviews API: a reviewer gets only
/// their assignments (under pseudonyms in blind rounds), the applicants table and decisions are for admins only.
/// Calls answer null (or a refusal) for users who may not see what they ask for.
/// </summary>
public interface IReviewDesk
{
    Task<ReviewQueueInfo?> QueueAsync(ClaimsPrincipal user, CancellationToken ct);

    Task<ReviewSheetInfo?> SheetAsync(ClaimsPrincipal user, Guid submission, CancellationToken ct);

    /// <summary>Saves the draft, or with <paramref name="submit"/> submits and locks the review.</summary>
    Task<Outcome> SaveAsync(ClaimsPrincipal user, Guid submission, IReadOnlyList<CriterionScoreInfo> scores, string? comment, bool submit, CancellationToken ct);

    /// <summary>Anchors a comment to a line of one of the submission's files, in the caller's draft review.</summary>
    Task<Outcome> CommentOnLineAsync(ClaimsPrincipal user, Guid submission, string path, int line, string text, CancellationToken ct);

    /// <summary>Takes back one of the caller's line comments while the review is a draft.</summary>
    Task<Outcome> RemoveLineCommentAsync(ClaimsPrincipal user, Guid submission, Guid comment, CancellationToken ct);

    Task<ApplicantsTableInfo?> TableAsync(ClaimsPrincipal user, Guid round, string task, TableQuery query, CancellationToken ct);

    /// <summary>Gives each latest submission of the task <paramref name="perSubmission"/> reviewers (the server's default when null).</summary>
    Task<Outcome> AssignAsync(ClaimsPrincipal user, Guid round, string task, int? perSubmission, CancellationToken ct);

    Task<Outcome> DecideAsync(ClaimsPrincipal user, Guid round, string task, Guid applicant, string outcome, string? note, CancellationToken ct);

    /// <summary>The task's rejudge page for admins: the loaded package version and the latest rejudge.</summary>
    Task<RejudgePageInfo?> RejudgeAsync(ClaimsPrincipal user, Guid round, string task, CancellationToken ct);

    /// <summary>Starts a rejudge, or with <paramref name="rejudge"/> applies (<paramref name="action"/> "apply") or discards ("discard") it.</summary>
    Task<Outcome> RejudgeActionAsync(ClaimsPrincipal user, Guid round, string task, string action, Guid? rejudge, CancellationToken ct);

    /// <summary>Sends a submission whose grading ended as a platform error back to the queue with fresh attempts (admins).</summary>
    Task<Outcome> RetryAsync(ClaimsPrincipal user, Guid submission, CancellationToken ct);
}

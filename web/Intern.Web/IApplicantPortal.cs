using System.Security.Claims;

namespace Intern.Web;

/// <summary>
/// What the pages need from the server, answered with the same rules as the HTTP API (the server
/// implements it over its API handlers, so authorization and visibility are decided in one place).
/// Every call that takes a <see cref="ClaimsPrincipal"/> answers only what that user may see.
/// </summary>
public interface IApplicantPortal
{
    /// <summary>The largest upload the server accepts, in bytes, so that the browser can check before sending.</summary>
    long MaxUploadBytes { get; }

    /// <summary>Signs in with the browser's cookie; refusals never tell whether the email has an account.</summary>
    Task<Outcome> SignInAsync(string email, string password);

    Task SignOutAsync();

    /// <summary>Sends a reset link to the email's account if there is one (today: into the server's log).</summary>
    Task AskPasswordResetAsync(string email);

    /// <summary>Sets a new password with a reset link's user and token.</summary>
    Task<Outcome> ResetPasswordAsync(Guid user, string token, string password);

    /// <summary>The invitation behind a link: null when there is none, else what it is for or why it cannot be used.</summary>
    Task<InvitationLookup?> InvitationAsync(string secret, CancellationToken ct);

    /// <summary>Creates the account, enrols it as the invitation says, and signs it in.</summary>
    Task<Outcome> AcceptInvitationAsync(string secret, string email, string password, string? displayName, CancellationToken ct);

    Task<IReadOnlyList<RoundInfo>> RoundsAsync(ClaimsPrincipal user, CancellationToken ct);

    /// <summary>The task as the user may read it, or null when it is not theirs (or does not exist).</summary>
    Task<TaskInfo?> TaskAsync(ClaimsPrincipal user, string slug, CancellationToken ct);

    /// <summary>The submission with the result filtered for the user, or null when it is not theirs (or does not exist).</summary>
    Task<SubmissionInfo?> SubmissionAsync(ClaimsPrincipal user, Guid id, CancellationToken ct);

    /// <summary>The user's submissions, newest first; <paramref name="before"/> is the previous page's <see cref="SubmissionHistory.Next"/>.</summary>
    Task<SubmissionHistory> HistoryAsync(ClaimsPrincipal user, DateTimeOffset? before, CancellationToken ct);
}

using System.Security.Claims;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Rounds;
using Intern.Server.Submissions;
using Intern.Server.Tasks;
using Intern.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Intern.Server.Web;

/// <summary>
/// The web pages' view of the server. It calls the HTTP API's own handlers, so that a page can never show
/// more than the API would answer the same user: one place decides authorization and visibility.
/// </summary>
public sealed class ApplicantPortal(InternDb db, UserManager<AppUser> users, SignInManager<AppUser> signIn, TaskCatalog catalog,
    IntakeOptions intake, StatusFeed feed, StatusCache cache, PasswordReset reset, TimeProvider time) : IApplicantPortal
{
    private const string SignInRefusal = "The email or password is wrong, or the account is locked for 15 minutes after repeated failures.";

    public long MaxUploadBytes => intake.MaxUploadBytes;

    public async Task<Outcome> SignInAsync(string email, string password)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return Outcome.Refused("Give your email and your password.");
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
            return Outcome.Refused(SignInRefusal);
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? Outcome.Ok : Outcome.Refused(SignInRefusal);
    }

    public Task SignOutAsync() => signIn.SignOutAsync();

    public Task AskPasswordResetAsync(string email) => reset.SendAsync(email);

    public async Task<Outcome> ResetPasswordAsync(Guid user, string token, string password) =>
        await reset.ChangeAsync(user, token, password) is { Count: > 0 } problems ? Outcome.Refused(problems) : Outcome.Ok;

    public async Task<InvitationLookup?> InvitationAsync(string secret, CancellationToken ct) =>
        (await InvitationsApi.ShowAsync(secret, db, time, ct)).Result switch
        {
            Ok<InvitationsApi.InvitationInfo> { Value: { } i } => new InvitationLookup(new Intern.Web.InvitationInfo(i.Role, i.Round, i.Deadline, i.Email, i.ExpiresAt), null),
            ProblemHttpResult problem => new InvitationLookup(null, problem.ProblemDetails.Detail),
            _ => null,
        };

    public async Task<Outcome> AcceptInvitationAsync(string secret, string email, string password, string? displayName, CancellationToken ct)
    {
        // Accepting always creates a new account here; signing in first and accepting with that account is the API's business.
        var request = new InvitationsApi.AcceptRequest(email, password, displayName);
        var outcome = (await InvitationsApi.AcceptAsync(secret, request, new ClaimsPrincipal(new ClaimsIdentity()), users, db, feed, time, ct)).Result switch
        {
            Ok<InvitationsApi.Accepted> => Outcome.Ok,
            ProblemHttpResult problem => Outcome.Refused(problem.ProblemDetails.Detail ?? "The invitation cannot be used."),
            ValidationProblem invalid => Outcome.Refused([.. invalid.ProblemDetails.Errors.SelectMany(e => e.Value)]),
            _ => Outcome.Refused("This link is not a valid invitation."),
        };
        return outcome.Succeeded ? await SignInAsync(email, password) : outcome;
    }

    public async Task<IReadOnlyList<RoundInfo>> RoundsAsync(ClaimsPrincipal user, CancellationToken ct) =>
        [.. (await RoundsApi.ListAsync(user, users, db, catalog, time, ct)).Value!.Select(r => new RoundInfo(r.Id, r.Name, r.Deadline, r.Open, r.MaxSubmissions,
            [.. r.Tasks.Select(t => new RoundTask(t.Slug, t.Title, t.Used, t.Left, t.Latest, t.LatestStatus, t.Open, t.LatePenaltyPercentPerDay))]))];

    public async Task<TaskInfo?> TaskAsync(ClaimsPrincipal user, string slug, CancellationToken ct) =>
        (await TasksApi.GetAsync(slug, user, users, db, catalog, ct)).Result is Ok<TasksApi.TaskDetail> { Value: { } t }
            ? new TaskInfo(t.Slug, t.Title, t.Track, t.Version, t.Languages, t.Required, t.TimeLimitSeconds, t.MemoryLimitBytes, t.Statement, t.HasStarter)
            : null;

    public async Task<SubmissionInfo?> SubmissionAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        (await SubmissionsApi.GetAsync(id, user, db, catalog, cache, time, ct)).Result is Ok<SubmissionsApi.View> { Value: { } view } ? Map(view) : null;

    public async Task<SubmissionHistory> HistoryAsync(ClaimsPrincipal user, DateTimeOffset? before, CancellationToken ct)
    {
        var page = (await SubmissionsApi.MineAsync(user, users, db, catalog, time, before, task: null, limit: 20, ct)).Value!;
        return new SubmissionHistory([.. page.Items.Select(Map)], page.Next);
    }

    private static SubmissionInfo Map(SubmissionsApi.View v) => new(v.Id, v.Task, v.TaskVersion, v.FileName, v.CreatedAt, v.Status,
        v.Result is { } r ? new SubmissionResult(r.Score, r.MaxScore, r.Tests, r.Hidden?.Count, r.Hidden?.Passed, r.Output, r.Gradable, r.FormatErrors) : null)
    {
        Late = v.Late is { } late ? new LateUploadInfo(late.Deadline, late.LateBy, late.PercentPerDay, late.PenaltyPercent) : null,
    };
}

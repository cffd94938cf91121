using System.Security.Claims;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Rounds;

/// <summary>
/// Admins create invitation links; whoever opens one sees what it is for and accepts it, either with a new
/// account (email and password) or with the account they are signed in with.
/// </summary>
public static class InvitationsApi
{
    public sealed record InvitationRequest(string Role, Guid? RoundId, string? Email, int? Days);
    public sealed record InvitationCreated(Guid Id, string Role, Guid? RoundId, string? Email, DateTimeOffset ExpiresAt, string Link);
    public sealed record InvitationInfo(string Role, string? Round, DateTimeOffset? Deadline, string? Email, DateTimeOffset ExpiresAt);
    public sealed record AcceptRequest(string? Email, string? Password, string? DisplayName);
    public sealed record Accepted(Guid UserId, string Email, string Role, Guid? RoundId);

    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations").WithTags("Invitations");
        group.MapPost("/", CreateAsync).RequireAuthorization(AccountRegistration.Admin);
        // The link's secret is the credential here, so look-ups are rate limited like sign-ins.
        group.MapGet("/{secret}", ShowAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Invitation);
        group.MapPost("/{secret}/accept", AcceptAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Invitation);
        return app;
    }

    private static async Task<Results<Created<InvitationCreated>, ValidationProblem>> CreateAsync(InvitationRequest request, ClaimsPrincipal principal,
        UserManager<AppUser> users, InternDb db, TimeProvider time, IConfiguration configuration, HttpRequest http, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var problems = new Dictionary<string, string[]>();
        if (request.Role is not (AccountRegistration.Applicant or AccountRegistration.Reviewer))
            problems["role"] = ["Invite an 'applicant' (to a round) or a 'reviewer'."];
        if (request.Role == AccountRegistration.Applicant
            && (request.RoundId is not { } roundId || await db.HiringRounds.SingleOrDefaultAsync(r => r.Id == roundId, ct) is not { } round || !round.AcceptsSubmissions(now)))
            problems["roundId"] = ["An applicant's invitation names an existing round that is still open."];
        // Reviewers see every applicant's work, so their links are bound to the person they are meant for.
        if (request.Role == AccountRegistration.Reviewer && string.IsNullOrWhiteSpace(request.Email))
            problems["email"] = ["A reviewer's invitation names the reviewer's email."];
        if (request.Email is { } email && (email.Length > 256 || !email.Contains('@', StringComparison.Ordinal)))
            problems["email"] = ["Give a valid email address of at most 256 characters."];
        if (request.Days is < 1 or > 180)
            problems["days"] = ["Invitations last 1 to 180 days."];
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(problems);
        var admin = Guid.Parse(users.GetUserId(principal)!);
        var lifetime = TimeSpan.FromDays(request.Days ?? (request.Role == AccountRegistration.Reviewer ? 7 : 14));
        var (invitation, secret) = Invitation.Create(request.Role, request.RoundId, request.Email, admin, now, lifetime);
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        // The configured public address, not the request's Host header, which a client chooses.
        var site = configuration["Bootstrap:PublicUrl"]?.TrimEnd('/') ?? $"{http.Scheme}://{http.Host}";
        return TypedResults.Created($"/api/invitations/{secret}", new InvitationCreated(invitation.Id, invitation.Role, invitation.RoundId, invitation.Email, invitation.ExpiresAt, $"{site}/invite/{secret}"));
    }

    internal static async Task<Results<Ok<InvitationInfo>, NotFound, ProblemHttpResult>> ShowAsync(string secret, InternDb db, TimeProvider time, CancellationToken ct)
    {
        var invitation = await FindAsync(db, secret, ct);
        if (invitation is null)
            return TypedResults.NotFound();
        if (invitation.Refusal(time.GetUtcNow(), invitation.Email) is { } refusal)
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status410Gone);
        var round = invitation.RoundId is { } id ? await db.HiringRounds.SingleOrDefaultAsync(r => r.Id == id, ct) : null;
        return TypedResults.Ok(new InvitationInfo(invitation.Role, round?.Name, round?.Deadline, Mask(invitation.Email), invitation.ExpiresAt));
    }

    /// <summary>Enough of the bound email for its owner to recognise it, not enough for a link holder to learn it.</summary>
    private static string? Mask(string? email) =>
        email?.Split('@') is [var local, var domain] ? $"{local[..Math.Min(1, local.Length)]}***@{domain}" : null;

    internal static async Task<Results<Ok<Accepted>, NotFound, ProblemHttpResult, ValidationProblem>> AcceptAsync(string secret, AcceptRequest request,
        ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, StatusFeed feed, TimeProvider time, CancellationToken ct)
    {
        var invitation = await FindAsync(db, secret, ct);
        if (invitation is null)
            return TypedResults.NotFound();
        var now = time.GetUtcNow();
        var email = principal.Identity?.IsAuthenticated == true ? (await users.GetUserAsync(principal))?.Email : request.Email;
        if (invitation.Refusal(now, email) is { } refusal)
            return TypedResults.Problem(refusal, statusCode: refusal.Contains("another email", StringComparison.Ordinal) ? StatusCodes.Status403Forbidden : StatusCodes.Status410Gone);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        AppUser? user;
        if (principal.Identity?.IsAuthenticated == true)
        {
            user = await users.GetUserAsync(principal);
            if (user is null)
                return TypedResults.NotFound();
            if (await ConflictAsync(invitation, user, users, db, ct) is { } conflict)
                return TypedResults.Problem(conflict, statusCode: StatusCodes.Status409Conflict);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Give the email and a password (12 characters or more) for your new account."] });
            user = new AppUser { UserName = request.Email.Trim(), Email = request.Email.Trim(), DisplayName = request.DisplayName?.Trim() ?? "" };
            var created = await users.CreateAsync(user, request.Password);
            // The same words whether or not the email has an account, as at sign-in.
            if (created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail"))
                return TypedResults.Problem("If you already have an account with this email, sign in and open the link again.", statusCode: StatusCodes.Status409Conflict);
            if (!created.Succeeded)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [.. created.Errors.Select(e => e.Description)] });
        }
        // Claimed in one statement, so two people opening the same link at once cannot both use it.
        var claimed = await db.Invitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedBy, user.Id), ct);
        if (claimed == 0)
            return TypedResults.Problem("This invitation has already been used.", statusCode: StatusCodes.Status410Gone);
        if (!await users.IsInRoleAsync(user, invitation.Role) && await users.AddToRoleAsync(user, invitation.Role) is { Succeeded: false } failed)
            throw new InvalidOperationException("Adding the invited role failed: " + string.Join("; ", failed.Errors.Select(e => e.Description)));
        if (invitation.RoundId is { } roundId)
            db.RoundMembers.Add(RoundMember.Enrol(roundId, user.Id, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // A new round for the task can hide results of an earlier one again (SubmissionsApi.HiddenReleasedAsync).
        if (invitation.RoundId is not null)
            await feed.PublishEverythingAsync(db, ct);
        return TypedResults.Ok(new Accepted(user.Id, user.Email!, invitation.Role, invitation.RoundId));
    }

    /// <summary>Why a signed-in account may not take this invitation: applicants and staff stay separate accounts.</summary>
    private static async Task<string?> ConflictAsync(Invitation invitation, AppUser user, UserManager<AppUser> users, InternDb db, CancellationToken ct)
    {
        var roles = await users.GetRolesAsync(user);
        if (invitation.Role == AccountRegistration.Applicant && roles.Any(r => r != AccountRegistration.Applicant))
            return "Staff accounts cannot enrol as applicants; sign out and accept with a new account.";
        if (invitation.Role == AccountRegistration.Reviewer && (roles.Contains(AccountRegistration.Applicant) || await db.RoundMembers.AnyAsync(m => m.UserId == user.Id, ct)))
            return "An applicant's account cannot become a reviewer; sign out and accept with a separate staff account.";
        if (invitation.RoundId is { } roundId && await db.RoundMembers.AnyAsync(m => m.RoundId == roundId && m.UserId == user.Id, ct))
            return "You are already enrolled in this round; there is nothing more to do.";
        return null;
    }

    private static Task<Invitation?> FindAsync(InternDb db, string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(Invitation.Prefix, StringComparison.Ordinal) || secret.Length > 100)
            return Task.FromResult<Invitation?>(null);
        var hash = PersonalAccessToken.HashOf(secret);
        return db.Invitations.SingleOrDefaultAsync(i => i.Hash == hash, ct);
    }
}

using System.Security.Claims;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
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
        UserManager<AppUser> users, InternDb db, TimeProvider time, HttpRequest http, CancellationToken ct)
    {
        if (request.Role is not (AccountRegistration.Applicant or AccountRegistration.Reviewer))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["Invite an 'applicant' (to a round) or a 'reviewer'."] });
        if (request.Role == AccountRegistration.Applicant && (request.RoundId is not { } roundId || !await db.HiringRounds.AnyAsync(r => r.Id == roundId, ct)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roundId"] = ["An applicant's invitation names an existing round."] });
        if (request.Days is < 1 or > 180)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = ["Invitations last 1 to 180 days."] });
        var admin = Guid.Parse(users.GetUserId(principal)!);
        var (invitation, secret) = Invitation.Create(request.Role, request.RoundId, request.Email, admin, time.GetUtcNow(), TimeSpan.FromDays(request.Days ?? 14));
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);
        var link = $"{http.Scheme}://{http.Host}/invite/{secret}";
        return TypedResults.Created($"/api/invitations/{secret}", new InvitationCreated(invitation.Id, invitation.Role, invitation.RoundId, invitation.Email, invitation.ExpiresAt, link));
    }

    internal static async Task<Results<Ok<InvitationInfo>, NotFound, ProblemHttpResult>> ShowAsync(string secret, InternDb db, TimeProvider time, CancellationToken ct)
    {
        var invitation = await FindAsync(db, secret, ct);
        if (invitation is null)
            return TypedResults.NotFound();
        if (invitation.Refusal(time.GetUtcNow(), invitation.Email) is { } refusal)
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status410Gone);
        var round = invitation.RoundId is { } id ? await db.HiringRounds.SingleOrDefaultAsync(r => r.Id == id, ct) : null;
        return TypedResults.Ok(new InvitationInfo(invitation.Role, round?.Name, round?.Deadline, invitation.Email, invitation.ExpiresAt));
    }

    internal static async Task<Results<Ok<Accepted>, NotFound, ProblemHttpResult, ValidationProblem>> AcceptAsync(string secret, AcceptRequest request,
        ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, TimeProvider time, CancellationToken ct)
    {
        var invitation = await FindAsync(db, secret, ct);
        if (invitation is null)
            return TypedResults.NotFound();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        AppUser? user;
        if (principal.Identity?.IsAuthenticated == true)
        {
            user = await users.GetUserAsync(principal);
            if (user is null)
                return TypedResults.NotFound();
            if (invitation.Role == AccountRegistration.Applicant && (await users.GetRolesAsync(user)).Any(r => r != AccountRegistration.Applicant))
                return TypedResults.Problem("Staff accounts cannot enrol as applicants; sign out and accept with a new account.", statusCode: StatusCodes.Status409Conflict);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Give the email and a password (12 characters or more) for your new account."] });
            if (invitation.Refusal(now, request.Email) is { } early)
                return TypedResults.Problem(early, statusCode: StatusCodes.Status410Gone);
            user = new AppUser { UserName = request.Email.Trim(), Email = request.Email.Trim(), DisplayName = request.DisplayName?.Trim() ?? "" };
            var created = await users.CreateAsync(user, request.Password);
            if (!created.Succeeded)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["account"] = [.. created.Errors.Select(e => e.Description)] });
        }
        if (invitation.Refusal(now, user.Email) is { } refusal)
            return TypedResults.Problem(refusal, statusCode: StatusCodes.Status410Gone);
        invitation.Accept(user.Id, now, user.Email);
        if (!await users.IsInRoleAsync(user, invitation.Role))
            await users.AddToRoleAsync(user, invitation.Role);
        if (invitation.RoundId is { } roundId && !await db.RoundMembers.AnyAsync(m => m.RoundId == roundId && m.UserId == user.Id, ct))
            db.RoundMembers.Add(RoundMember.Enrol(roundId, user.Id, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone accepted the same link a moment earlier.
            return TypedResults.Problem("This invitation has already been used.", statusCode: StatusCodes.Status410Gone);
        }
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new Accepted(user.Id, user.Email!, invitation.Role, invitation.RoundId));
    }

    private static Task<Invitation?> FindAsync(InternDb db, string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(Invitation.Prefix, StringComparison.Ordinal) || secret.Length > 100)
            return Task.FromResult<Invitation?>(null);
        var hash = PersonalAccessToken.HashOf(secret);
        return db.Invitations.SingleOrDefaultAsync(i => i.Hash == hash, ct);
    }
}

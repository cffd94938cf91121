using System.Security.Claims;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Accounts;

public static class AccountsApi
{
    public sealed record LoginRequest(string Email, string Password);
    public sealed record Account(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles);
    public sealed record TokenRequest(string Name, int? Days);
    public sealed record TokenCreated(Guid Id, string Name, string Token, DateTimeOffset? ExpiresAt);
    public sealed record TokenInfo(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, bool Revoked);

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization();
        auth.MapGet("/me", MeAsync).RequireAuthorization();
        auth.MapGet("/antiforgery", CsrfProtection.IssueToken).AllowAnonymous();

        var tokens = app.MapGroup("/api/tokens").WithTags("Accounts").RequireAuthorization();
        tokens.MapPost("/", CreateTokenAsync);
        tokens.MapGet("/", ListTokensAsync);
        tokens.MapDelete("/{id:guid}", RevokeTokenAsync);
        return app;
    }

    private static async Task<Results<Ok<Account>, ProblemHttpResult>> LoginAsync(LoginRequest request, SignInManager<AppUser> signIn, UserManager<AppUser> users)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            return TypedResults.Problem("Give an email and a password.", statusCode: StatusCodes.Status400BadRequest);
        var user = await users.FindByEmailAsync(request.Email);
        // One answer for an unknown email, a wrong password and a locked account, so that the
        // answer never tells whether an email has an account here.
        const string Refusal = "The email or password is wrong, or the account is locked for 15 minutes after repeated failures.";
        if (user is null)
            return TypedResults.Problem(Refusal, statusCode: StatusCodes.Status401Unauthorized);
        var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
            return TypedResults.Problem(Refusal, statusCode: StatusCodes.Status401Unauthorized);
        return TypedResults.Ok(new Account(user.Id, user.Email!, user.DisplayName, [.. await users.GetRolesAsync(user)]));
    }

    private static async Task<NoContent> LogoutAsync(SignInManager<AppUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Account>, UnauthorizedHttpResult>> MeAsync(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        var user = await users.GetUserAsync(principal);
        return user is null
            ? TypedResults.Unauthorized()
            : TypedResults.Ok(new Account(user.Id, user.Email!, user.DisplayName, [.. await users.GetRolesAsync(user)]));
    }

    private static async Task<Results<Created<TokenCreated>, ValidationProblem>> CreateTokenAsync(TokenRequest request, ClaimsPrincipal principal,
        UserManager<AppUser> users, InternDb db, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100 || request.Days is < 1 or > 366)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Give the token a name of at most 100 characters and a lifetime of 1 to 366 days."] });
        var userId = Guid.Parse(users.GetUserId(principal)!);
        var (token, secret) = PersonalAccessToken.Create(userId, request.Name, time.GetUtcNow(), TimeSpan.FromDays(request.Days ?? 90));
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/tokens/{token.Id}", new TokenCreated(token.Id, token.Name, secret, token.ExpiresAt));
    }

    private static async Task<Ok<List<TokenInfo>>> ListTokensAsync(ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db)
    {
        var userId = Guid.Parse(users.GetUserId(principal)!);
        var tokens = await db.PersonalAccessTokens.Where(t => t.UserId == userId).OrderBy(t => t.Name)
            .Select(t => new TokenInfo(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt != null)).ToListAsync();
        return TypedResults.Ok(tokens);
    }

    private static async Task<Results<NoContent, NotFound>> RevokeTokenAsync(Guid id, ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db,
        TokenCache cache, TimeProvider time)
    {
        var userId = Guid.Parse(users.GetUserId(principal)!);
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId);
        if (token is null)
            return TypedResults.NotFound();
        token.Revoke(time.GetUtcNow());
        await db.SaveChangesAsync();
        cache.Forget(token.Hash);
        return TypedResults.NoContent();
    }
}

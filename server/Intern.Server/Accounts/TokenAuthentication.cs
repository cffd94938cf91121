using System.Security.Claims;
using System.Text.Encodings.Web;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Intern.Server.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer intern_pat_...</c> against the stored token hashes.</summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    InternDb db, TokenCache cache, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
            return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(PersonalAccessToken.Prefix, StringComparison.Ordinal))
            return AuthenticateResult.Fail("Not an Intern personal access token.");
        var hash = PersonalAccessToken.HashOf(secret);
        var claims = cache.Find(hash) ?? await LookUpAsync(hash);
        if (claims is null)
            return AuthenticateResult.Fail("The token is unknown, expired or revoked, or its account is disabled or gone.");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    private async Task<IReadOnlyList<Claim>?> LookUpAsync(string hash)
    {
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        var now = time.GetUtcNow();
        if (token is null || !token.IsUsable(now))
            return null;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == token.UserId, Context.RequestAborted);
        // The short lockout after failed passwords guards passwords, not tokens: a stranger who knows an
        // applicant's email must not be able to cut off their CLI. An account disabled for good is another matter.
        if (user is null || (user.LockoutEnd is { } end && end > now + TimeSpan.FromDays(1)))
            return null;
        // Last use is recorded when the token is looked up, so at most once per cache lifetime.
        token.MarkUsed(now);
        await db.SaveChangesAsync(Context.RequestAborted);
        // Resolved only here: building it builds a UserManager, which a remembered token does without.
        var principals = Context.RequestServices.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var principal = await principals.CreateAsync(user);
        var claims = principal.Claims.ToList();
        cache.Remember(hash, claims, token.ExpiresAt);
        return claims;
    }
}

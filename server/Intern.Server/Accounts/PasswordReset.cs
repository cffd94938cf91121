using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Intern.Server.Accounts;

/// <summary>
/// A forgotten password: the applicant asks with their email, and a one-use link reaches them. With no mail
/// server configured (the only way this platform runs today) the link is written to the server's log at
/// warning level, for the hiring team to hand over; the answer to the asker is the same whether or not the
/// email has an account. The link carries Identity's reset token, which dies after
/// <see cref="PasswordResetOptions.Lifetime"/> and with the first use (the reset changes the security stamp).
/// </summary>
public sealed partial class PasswordReset(UserManager<AppUser> users, Persistence.InternDb db, TokenCache tokens, IConfiguration configuration, TimeProvider time,
    ILogger<PasswordReset> logger)
{
    public const string Refused = "This reset link is not valid any more: it was used already or is too old. Ask for a new one.";

    /// <summary>
    /// Writes the link for <paramref name="email"/>'s account, if there is one: absolute under Bootstrap:PublicUrl, else
    /// a path on this site. Never built from the request's Host header, which the asker controls: a link poisoned with
    /// another host would hand the token to that host when the applicant opens it.
    /// </summary>
    public async Task SendAsync(string email)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            NoAccount(logger);
            return;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var origin = configuration["Bootstrap:PublicUrl"]?.TrimEnd('/') ?? "";
        var link = $"{origin}/reset-password?user={user.Id}&token={Uri.EscapeDataString(token)}";
        LinkWritten(logger, user.Email!, time.GetUtcNow(), link);
    }

    /// <summary>Sets the new password and lifts a lockout; returns what is wrong otherwise (an empty list on success).</summary>
    public async Task<IReadOnlyList<string>> ChangeAsync(Guid userId, string token, string password)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || string.IsNullOrEmpty(token))
            return [Refused];
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
            return [.. result.Errors.Select(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken) ? Refused : e.Description).Distinct()];
        // Whoever proves they own the email gets in at once, even if someone hammered the account before.
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        // A reset often follows a lost password or an intruder: the account's access tokens go with the old password.
        var live = await db.PersonalAccessTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync();
        foreach (var access in live)
        {
            access.Revoke(time.GetUtcNow());
            tokens.Forget(access.Hash);
        }
        await db.SaveChangesAsync();
        PasswordChanged(logger, user.Email!);
        return [];
    }

    [LoggerMessage(LogLevel.Information, "A password reset was asked for an email with no account")]
    private static partial void NoAccount(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Password reset for {Email}, asked at {At:u}; no mail server is configured, so hand this link to them: {Link}")]
    private static partial void LinkWritten(ILogger logger, string email, DateTimeOffset at, string link);

    [LoggerMessage(LogLevel.Information, "Password of {Email} reset")]
    private static partial void PasswordChanged(ILogger logger, string email);
}

/// <summary>Section <c>PasswordReset</c>.</summary>
public sealed class PasswordResetOptions
{
    public const string Section = "PasswordReset";

    /// <summary>How long a reset link works.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(2);
}

/// <summary>POST /api/auth/password-reset (ask for a link) and /api/auth/password-reset/confirm (set the new password).</summary>
public static class PasswordResetApi
{
    public sealed record ResetRequest(string? Email);
    public sealed record NewPassword(Guid User, string? Token, string? Password);

    public static IEndpointRouteBuilder MapPasswordReset(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/password-reset").WithTags("Accounts").AllowAnonymous().RequireRateLimiting(RateLimits.PasswordReset);
        group.MapPost("/", RequestAsync);
        group.MapPost("/confirm", ConfirmAsync);
        return app;
    }

    /// <summary>Always 202, so that the answer never tells whether an email has an account here.</summary>
    private static async Task<Accepted> RequestAsync(ResetRequest request, PasswordReset reset)
    {
        await reset.SendAsync(request.Email ?? "");
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, ValidationProblem>> ConfirmAsync(NewPassword request, PasswordReset reset)
    {
        var problems = await reset.ChangeAsync(request.User, request.Token ?? "", request.Password ?? "");
        return problems.Count == 0 ? TypedResults.NoContent() : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [.. problems] });
    }

    public static IServiceCollection AddPasswordReset(this IServiceCollection services)
    {
        services.AddOptions<PasswordResetOptions>().BindConfiguration(PasswordResetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<PasswordResetOptions>>((o, reset) => o.TokenLifespan = reset.Value.Lifetime);
        services.AddScoped<PasswordReset>();
        return services;
    }
}

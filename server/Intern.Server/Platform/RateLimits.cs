using System.Threading.RateLimiting;

namespace Intern.Server;

/// <summary>Rate limits: sign-ins, password resets and invitation look-ups per client address, uploads per account.</summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string Upload = "upload";
    public const string Invitation = "invitation";
    public const string PasswordReset = "password-reset";

    public static IServiceCollection AddInternRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
            // Invitation links carry 192 random bits; the limit keeps a scanner slow and costs a real invitee nothing.
            o.AddPolicy(Invitation, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) }));
            // Asking for links and using them, counted apart from sign-ins so that a locked-out applicant can still reset.
            o.AddPolicy(PasswordReset, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(Upload, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 6, Window = TimeSpan.FromMinutes(1) }));
        });
}

using System.Threading.RateLimiting;

namespace Intern.Server;

/// <summary>
/// Rate limits: sign-ins, password resets and invitation look-ups per client address, uploads per account, each a number per
/// minute that the <c>RateLimits</c> section may change (<c>SignInsPerMinute</c>, <c>PasswordResetsPerMinute</c>,
/// <c>InvitationsPerMinute</c>, <c>UploadsPerMinute</c>).
/// </summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string Upload = "upload";
    public const string Invitation = "invitation";
    public const string PasswordReset = "password-reset";

    public static IServiceCollection AddInternRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("RateLimits");
        int PerMinute(string key, int standard) =>
            section.GetValue(key, standard) is var limit and > 0 ? limit
                : throw new InvalidOperationException($"RateLimits:{key} must be a whole number above 0, not {section[key]}.");
        var (signIns, resets, invitations, uploads) = (PerMinute("SignInsPerMinute", 10), PerMinute("PasswordResetsPerMinute", 10),
            PerMinute("InvitationsPerMinute", 30), PerMinute("UploadsPerMinute", 6));
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, context => PerClient(context.Connection.RemoteIpAddress?.ToString(), signIns));
            // Invitation links carry 192 random bits; the limit keeps a scanner slow and costs a real invitee nothing.
            o.AddPolicy(Invitation, context => PerClient(context.Connection.RemoteIpAddress?.ToString(), invitations));
            // Asking for links and using them, counted apart from sign-ins so that a locked-out applicant can still reset.
            o.AddPolicy(PasswordReset, context => PerClient(context.Connection.RemoteIpAddress?.ToString(), resets));
            o.AddPolicy(Upload, context => PerClient(context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString(), uploads));
        });
    }

    private static RateLimitPartition<string> PerClient(string? client, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(client ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) });
}

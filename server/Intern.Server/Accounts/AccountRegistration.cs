using Intern.Server.Persistence;
using Microsoft.AspNetCore.Identity;

namespace Intern.Server.Accounts;

public static class AccountRegistration
{
    public const string Applicant = "applicant";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";
    private const string CookieOrToken = "CookieOrToken";

    /// <summary>Identity (accounts, roles, lockout), cookie sign-in for browsers, personal access tokens for the API, and the role policies.</summary>
    public static IServiceCollection AddInternAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                // Length matters, composition rules do not (NIST SP 800-63B): long passphrases are welcome.
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<InternDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddMemoryCache();
        services.AddSingleton<TokenCache>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrToken;
                o.DefaultChallengeScheme = CookieOrToken;
            })
            .AddPolicyScheme(CookieOrToken, "cookie or personal access token", o =>
                o.ForwardDefaultSelector = context => context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                    ? TokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.Cookie.Name = "intern";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                // An API answers with a status code, never with a redirect to a login page.
                o.Events.OnRedirectToLogin = context => Status(context.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Status(context.Response, StatusCodes.Status403Forbidden);
            }));
        services.AddAuthorizationBuilder()
            .AddPolicy(Applicant, p => p.RequireRole(Applicant))
            .AddPolicy(Reviewer, p => p.RequireRole(Reviewer, Admin))
            .AddPolicy(Admin, p => p.RequireRole(Admin))
            // An endpoint that forgets to state its policy still admits only signed-in users.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Reviewers and admins: they see every applicant's work; applicants see only their own.</summary>
    public static bool IsStaff(this System.Security.Claims.ClaimsPrincipal principal) =>
        principal.IsInRole(Reviewer) || principal.IsInRole(Admin);

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}

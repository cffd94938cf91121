using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Intern.Server;

/// <summary>
/// CSRF protection for cookie sessions, once for every endpoint: a POST, PUT, PATCH or DELETE signed in by the
/// session cookie must carry the antiforgery token from GET /api/auth/antiforgery in the X-CSRF-TOKEN header.
/// Only the header: looking for a form field would read the body, which the upload endpoint streams itself. SameSite=Strict already keeps other sites' requests from carrying the cookie;
/// the token is the second lock, for browsers and sub-domains where SameSite falls short. Requests signed
/// with a personal access token need none: a browser never adds an Authorization header on its own. Endpoints
/// open to anyone (signing in) need none either: there is no session for a forged request to ride on.
/// Endpoints that bind forms still say <c>DisableAntiforgery()</c>: that only turns off the framework's own form
/// check, which would ask token clients too; this check applies to them like to every other endpoint.
/// </summary>
public static class CsrfProtection
{
    public const string HeaderName = "X-CSRF-TOKEN";
    public const string TokenPath = "/api/auth/antiforgery";

    public sealed record Token(string RequestToken, string HeaderName, string? FormFieldName);

    public static IServiceCollection AddCsrfProtection(this IServiceCollection services) =>
        services.AddAntiforgery(o =>
        {
            o.HeaderName = HeaderName;
            o.Cookie.Name = "intern-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            // SecurityHeaders says DENY for every response; antiforgery would say SAMEORIGIN on its own.
            o.SuppressXFrameOptionsHeader = true;
        });

    /// <summary>Goes after authentication, which tells a cookie session from a token.</summary>
    public static IApplicationBuilder UseCsrfProtection(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (NeedsToken(context) && (!context.Request.Headers.ContainsKey(HeaderName)
                || !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context)))
            {
                await TypedResults.Problem(
                    title: "Missing or invalid antiforgery token.",
                    detail: $"Requests signed in with the session cookie must send the token from GET {TokenPath} in the {HeaderName} header. "
                        + "API clients can use a personal access token (Authorization: Bearer) instead.",
                    statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["tokenUrl"] = TokenPath, ["header"] = HeaderName }).ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    /// <summary>The request token for the caller (signed in or not), and the cookie it pairs with.</summary>
    public static Ok<Token> IssueToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new Token(tokens.RequestToken!, tokens.HeaderName ?? HeaderName, tokens.FormFieldName));
    }

    /// <summary>An unsafe method, signed in by the session cookie, on an endpoint that is not open to anyone.</summary>
    internal static bool NeedsToken(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == IdentityConstants.ApplicationScheme)
        && context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null;
}

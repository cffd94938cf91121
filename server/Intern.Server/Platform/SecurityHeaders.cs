namespace Intern.Server;

/// <summary>Headers every response carries: no sniffing, no framing, no referrer leaks, a strict content policy.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Set as the response starts, so that error responses (whose headers the exception handler clears) carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (string.IsNullOrEmpty(headers.XFrameOptions))
                    headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // Everything the platform serves is its own: no external scripts, styles, fonts or frames. An endpoint that
                // serves applicants' bytes (grading artifacts) sets a stricter policy of its own, which stays.
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
                    headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
                return Task.CompletedTask;
            });
            await next();
        });
}

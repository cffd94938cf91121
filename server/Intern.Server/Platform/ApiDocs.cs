using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Intern.Server;

/// <summary>
/// The API described: the OpenAPI document at <c>/openapi/v1.json</c>, generated from the endpoints, and a page
/// at <c>/openapi</c> that shows it with the platform's own script (no CDN: the content policy allows none).
/// Both are readable without signing in: they describe routes and shapes that are in the open source anyway,
/// never data, and an API client needs them before it has a token.
/// </summary>
public static class ApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";
    private const string Bearer = "bearer";
    private const string Cookie = "cookie";

    public static IServiceCollection AddInternOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Intern API";
                document.Info.Description = "Sign in with POST /api/auth/login (a cookie session; its POST, PUT, PATCH and DELETE requests carry "
                    + "the X-CSRF-TOKEN header from GET /api/auth/antiforgery), or send a personal access token as `Authorization: Bearer intern_pat_...`. "
                    + "GET /api/submissions/{id}/events streams a submission's live status as server-sent events.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token (POST /api/tokens).",
                };
                document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Cookie,
                    Name = "intern",
                    Description = "The browser session from POST /api/auth/login.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                // The fallback policy admits signed-in callers only, so every operation needs one of the schemes unless it says otherwise.
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                    return Task.CompletedTask;
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, context.Document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapInternOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        var page = app.MapGroup("/openapi").ExcludeFromDescription().AllowAnonymous();
        page.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        page.MapGet("/docs.js", () => Asset("docs.js", "text/javascript; charset=utf-8"));
        page.MapGet("/docs.css", () => Asset("docs.css", "text/css; charset=utf-8"));
        return app;
    }

    private static FileStreamHttpResult Asset(string name, string contentType) =>
        TypedResults.Stream(typeof(ApiDocs).Assembly.GetManifestResourceStream($"Intern.Server.ApiDocs.{name}")
            ?? throw new InvalidOperationException($"The API page's {name} is not embedded in the server."), contentType);
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Web;

public static class WebRegistration
{
    /// <summary>The browser UI's services; <typeparamref name="TPortal"/> and <typeparamref name="TDesk"/> are the server's answers to what applicants' and staff pages ask.</summary>
    public static IServiceCollection AddInternWeb<TPortal, TDesk>(this IServiceCollection services)
        where TPortal : class, IApplicantPortal
        where TDesk : class, Reviews.IReviewDesk
    {
        services.AddRazorComponents();
        services.AddScoped<IApplicantPortal, TPortal>();
        services.AddScoped<Reviews.IReviewDesk, TDesk>();
        return services;
    }

    /// <summary>
    /// The pages and their own stylesheet and script. Pages are open to anonymous requests at the endpoint level
    /// and send signed-out visitors to the sign-in page themselves (the API's cookie answers 401, never a redirect).
    /// </summary>
    public static WebApplication MapInternWeb(this WebApplication app)
    {
        // Forms post with an antiforgery token; this must run after authentication, since tokens are bound to the user.
        app.UseAntiforgery();
        app.MapGet("/assets/{name}", Asset).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorComponents<App>().AllowAnonymous();
        return app;
    }

    private static IResult Asset(string name, HttpContext context)
    {
        var type = Path.GetExtension(name) switch { ".css" => "text/css; charset=utf-8", ".js" => "text/javascript; charset=utf-8", _ => null };
        var stream = type is null ? null : typeof(WebRegistration).Assembly.GetManifestResourceStream($"Intern.Web.Assets.{name}");
        if (stream is null)
            return TypedResults.NotFound();
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Stream(stream, type);
    }
}

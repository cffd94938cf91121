using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Intern.Grading.Docker.Sandbox;
using Intern.Server.Accounts;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Intern.Server;

/// <summary>Section <c>Metrics</c>: the Prometheus endpoint <c>GET /metrics</c> and what it reads.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Serve <c>/metrics</c> at all. Off, the route does not exist (404); the instruments still cost nothing unread.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Who may scrape. <c>admin</c> (the default) or <c>reviewer</c>: only that authorization policy, e.g. Prometheus with an
    /// admin's personal access token as its bearer credentials. <c>anonymous</c>: anyone who reaches the port, a choice a
    /// deployment makes explicitly for a scraper on its internal network (never on a port the internet reaches). The
    /// metrics tell queue sizes and traffic, nothing about applicants, but they are nobody else's business.
    /// </summary>
    [AllowedValues(Anonymous, AccountRegistration.Reviewer, AccountRegistration.Admin)]
    public string RequirePolicy { get; set; } = AccountRegistration.Admin;

    /// <summary>The <see cref="RequirePolicy"/> that opens <c>/metrics</c> to everyone.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>How long the queue depth read from the database is reused, so that frequent scrapes never load it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan QueueDepthRefresh { get; set; } = TimeSpan.FromSeconds(5);
}

public static class MetricsRegistration
{
    /// <summary>
    /// The <c>Intern</c> meter's instruments; with <paramref name="prometheus"/>, also OpenTelemetry collecting them with
    /// ASP.NET Core's, the sandbox's and the runtime's, for <see cref="MapInternMetrics"/>.
    /// </summary>
    public static IServiceCollection AddInternMetrics(this IServiceCollection services, bool prometheus, string role = "intern-server")
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MetricsOptions>>().Value);
        services.AddSingleton<QueueDepth>();
        services.AddSingleton<InternMetrics>();
        if (prometheus)
        {
            services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(role)).WithMetrics(metrics =>
            {
                metrics.AddMeter(InternMetrics.MeterName, SandboxMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                // OpenTelemetry listens by meter name, across the process. A meter made by another host's IMeterFactory
                // (test servers side by side) carries that factory as its scope: not this server's to export. The
                // instrumentation hook is the one that sees this host's services before the first meter is matched.
                IMeterFactory? own = null;
                metrics.AddInstrumentation(sp =>
                {
                    own = sp.GetRequiredService<IMeterFactory>();
                    return new object();
                });
                metrics.AddView(instrument => instrument.Meter.Scope is IMeterFactory factory && own is not null && factory != own
                    ? MetricStreamConfiguration.Drop : null);
            });
        }
        return services;
    }

    /// <summary><c>GET /metrics</c> in Prometheus' text format, unless <see cref="MetricsOptions.Enabled"/> is off.</summary>
    public static IEndpointRouteBuilder MapInternMetrics(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<MetricsOptions>();
        if (!options.Enabled)
            return app;
        // The instruments exist from the first scrape on, not from the first upload that happens to need them.
        app.ServiceProvider.GetRequiredService<InternMetrics>();
        // The exporter maps a route for every method; a scrape is a GET, and the route table says so.
        var endpoint = app.MapPrometheusScrapingEndpoint("/metrics")
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .ExcludeFromDescription();
        if (options.RequirePolicy == MetricsOptions.Anonymous)
            endpoint.AllowAnonymous();
        else
            endpoint.RequireAuthorization(options.RequirePolicy);
        return app;
    }
}

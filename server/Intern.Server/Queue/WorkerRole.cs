using System.ComponentModel.DataAnnotations;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace Intern.Server.Queue;

/// <summary>Section <c>Worker</c>: the grading worker role (`Intern.Server worker`).</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// Port of the worker's own small HTTP listener, on every address of the host: <c>/health/live</c>,
    /// <c>/health/ready</c> (database and Docker engine) and <c>/metrics</c> (under <c>Metrics:RequirePolicy</c>), for
    /// compose health checks, Kubernetes probes and Prometheus. Unset: no listener, so that several workers can share
    /// a host (the platform image sets 8081). Keep it off public networks.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }
}

/// <summary>
/// `Intern.Server worker`: grading workers only, against the same database as the web role, plus the probes and metrics
/// an orchestrator needs. It serves no API and no pages. It checks personal access tokens against the shared database so
/// that <c>/metrics</c> follows the same policy as on the web role.
/// </summary>
public static class WorkerRole
{
    public static async Task RunAsync(string[] args, Func<IConfiguration, DatabaseOptions> database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddSecretFiles();
        var options = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        if (options.Port is not { } port)
        {
            // No port, no Kestrel: a plain host, as many of them on one machine as there are cores to grade with.
            var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
            host.Configuration.AddSecretFiles();
            AddWorker(host.Services, host.Configuration, database(host.Configuration), prometheus: false);
            await host.Build().RunAsync();
            return;
        }
        // The worker listens on its port alone, whatever ASPNETCORE_URLS or HTTP_PORTS say for the web role in the same image.
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "").UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenAnyIP(port));
        AddWorker(builder.Services, builder.Configuration, database(builder.Configuration), prometheus: true);
        builder.Services.AddInternAccounts();
        // Token checks only: a worker signs no cookie, so its keys need not outlive it, nor warn at every start that they
        // are neither stored nor encrypted.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealth(checkEngine: true);
        app.MapInternMetrics();
        await app.RunAsync();
    }

    private static void AddWorker(IServiceCollection services, IConfiguration configuration, DatabaseOptions database, bool prometheus)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddInternDatabase(database);
        services.AddStatusFeed(database, listen: false);
        services.AddInternMetrics(prometheus, role: "intern-worker");
        services.AddGradingQueue(configuration, workers: Math.Max(1, configuration.GetValue("Queue:InProcessWorkers", 1)));
    }
}

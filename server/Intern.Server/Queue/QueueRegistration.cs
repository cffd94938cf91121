using Intern.Grading.Docker.Sandbox;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Server.Tasks;
using Microsoft.Extensions.Options;

namespace Intern.Server.Queue;

public static class QueueRegistration
{
    /// <summary>The queue, the task catalog, the Docker sandbox and <paramref name="workers"/> grading workers (0 for a web-only server).</summary>
    public static IServiceCollection AddGradingQueue(this IServiceCollection services, IConfiguration configuration, int? workers = null)
    {
        services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TaskOptions>().BindConfiguration(TaskOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<QueueOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<TaskOptions>>().Value);
        services.AddSingleton<TaskCatalog>();
        services.AddScoped<JobQueue>();
        services.AddOptions<Submissions.IntakeOptions>().BindConfiguration(Submissions.IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<Submissions.IntakeOptions>>().Value);
        services.AddScoped<Submissions.SubmissionIntake>();
        services.AddHostedService<Submissions.SpoolSweeper>();
        services.AddSingleton(new GradingSettings
        {
            DeploymentSecret = configuration["Grading:Secret"] ?? new GradingSettings().DeploymentSecret,
            Cpuset = configuration["Grading:Cpuset"],
            // Grading:CaseDirectory: generated cases kept on disk and large inputs mounted from there; the Docker
            // engine must see it at the same path (a grader in a container binds it at the same path). Unset: memory only.
            CaseDirectory = configuration["Grading:CaseDirectory"],
        });
        var count = workers ?? configuration.GetSection(QueueOptions.Section).GetValue<int?>(nameof(QueueOptions.InProcessWorkers)) ?? new QueueOptions().InProcessWorkers;
        if (count > 0)
        {
            // Only processes that grade get the Docker engine: a web-only server never touches it.
            // Grading:Runtime: the engine's OCI runtime for sandboxes (runsc for gVisor, kata), see deploy/kubernetes/README.md.
            services.AddSingleton<ISandboxFactory>(_ => new DockerSandboxFactory(configuration["Grading:Runtime"]));
            for (var i = 0; i < count; i++)
                services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<GradingWorker>(sp));
        }
        return services;
    }
}

using Intern.Server.Accounts;
using Intern.Server.Rounds;
using Intern.Server.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Intern.Server.Persistence;

/// <summary>
/// `Intern.Server migrate`: applies the committed migrations of the configured provider, creates the roles
/// and a first admin, imports the task packages with their versions, and (with Bootstrap:DemoRound) opens a
/// demo round. Schema changes are an explicit step of a deployment, never a side effect of starting the server.
/// </summary>
public static class MigrateCommand
{
    public static async Task RunAsync(string[] args, Func<IConfiguration, DatabaseOptions> database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddSecretFiles();
        var options = database(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System).AddInternDatabase(options);
        builder.Services.AddDataProtection();
        builder.Services.AddInternAccounts();
        builder.Services.AddOptions<TaskOptions>().BindConfiguration(TaskOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<TaskOptions>>().Value);
        builder.Services.AddSingleton<TaskCatalog>();
        builder.Services.AddScoped<TaskImport>();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<InternDb>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        Console.WriteLine($"{options.Provider} database up to date: {pending.Count} migration(s) applied.");

        var admin = await FirstAdmin.EnsureAsync(services, builder.Configuration["Bootstrap:AdminEmail"] ?? "admin@localhost");
        if (admin is not null)
            Console.WriteLine($"First admin created. Sign in as {admin.Email} with password {admin.Password} (shown once: keep it now).");

        var imported = await services.GetRequiredService<TaskImport>().RunAsync(CancellationToken.None);
        Console.WriteLine($"Tasks: {imported.Imported} version(s) imported, {imported.Unchanged} unchanged.");
        foreach (var drifted in imported.ChangedWithoutBump)
            Console.WriteLine($"Warning: task {drifted} changed without a version bump; bump `version` in its task.yaml.");

        if (builder.Configuration.GetValue<bool>("Bootstrap:DemoRound"))
            await OpenDemoRoundAsync(services);
    }

    /// <summary>On a deployment with no rounds yet: a round over every loaded task for a month, and an applicant invitation to try it.</summary>
    private static async Task OpenDemoRoundAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<InternDb>();
        var catalog = services.GetRequiredService<TaskCatalog>();
        if (catalog.All.Count == 0 || await db.HiringRounds.AnyAsync())
            return;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var round = HiringRound.Open("Demo round", now.AddDays(30), 10, catalog.All.Select(t => t.Slug).Order(StringComparer.Ordinal), now);
        db.HiringRounds.Add(round);
        var admin = (await services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>().GetUsersInRoleAsync(AccountRegistration.Admin)).First();
        var (invitation, secret) = Invitation.Create(AccountRegistration.Applicant, round.Id, null, admin.Id, now, TimeSpan.FromDays(30));
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        var site = services.GetRequiredService<IConfiguration>()["Bootstrap:PublicUrl"]?.TrimEnd('/') ?? "";
        Console.WriteLine($"Demo round open until {round.Deadline.UtcDateTime:yyyy-MM-dd} with {round.TaskSlugs.Count} task(s). Applicant invitation (shown once): {site}/invite/{secret}");
    }
}

using Intern.Server;
using Microsoft.EntityFrameworkCore;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;

// `Intern.Server migrate` applies the committed migrations of the configured provider, and nothing else:
// schema changes are an explicit step of a deployment, never a side effect of starting the server.
if (args.Length > 0 && args[0] == "migrate")
{
    var migrate = Host.CreateApplicationBuilder(args[1..]);
    var options = DatabaseSection(migrate.Configuration);
    migrate.Services.AddSingleton(TimeProvider.System).AddInternDatabase(options);
    migrate.Services.AddDataProtection();
    migrate.Services.AddInternAccounts();
    using var host = migrate.Build();
    await using var scope = host.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<InternDb>();
    var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
    await db.Database.MigrateAsync();
    Console.WriteLine($"{options.Provider} database up to date: {pending.Count} migration(s) applied.");
    if (await FirstAdmin.EnsureAsync(scope.ServiceProvider, migrate.Configuration["Bootstrap:AdminEmail"] ?? "admin@localhost") is { } admin)
        Console.WriteLine($"First admin created. Sign in as {admin.Email} with password {admin.Password} (shown once: keep it now).");
    return;
}

// `Intern.Server worker` runs grading workers only (no HTTP), against the same database as the server.
if (args.Length > 0 && args[0] == "worker")
{
    var worker = Host.CreateApplicationBuilder(args[1..]);
    worker.Configuration.AddQuietFrameworkLogs();
    worker.Services.AddSingleton(TimeProvider.System);
    worker.Services.AddInternDatabase(DatabaseSection(worker.Configuration));
    worker.Services.AddGradingQueue(worker.Configuration, workers: Math.Max(1, worker.Configuration.GetValue("Queue:InProcessWorkers", 1)));
    await worker.Build().RunAsync();
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddQuietFrameworkLogs();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddInternDatabase(DatabaseSection(builder.Configuration));
builder.Services.AddInternAccounts();
builder.Services.AddInternRateLimits();
builder.Services.AddGradingQueue(builder.Configuration);
builder.Services.AddProblemDetails();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous();
app.MapAccounts();
app.MapSubmissions();
app.MapJobs();
await app.RunAsync();

static DatabaseOptions DatabaseSection(IConfiguration configuration) =>
    configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;

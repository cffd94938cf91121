using Intern.Server;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;

// `Intern.Server worker` runs grading workers only (no HTTP), against the same database as the server.
if (args.Length > 0 && args[0] == "worker")
{
    var worker = Host.CreateApplicationBuilder(args[1..]);
    worker.Services.AddSingleton(TimeProvider.System);
    worker.Services.AddInternDatabase(DatabaseSection(worker.Configuration));
    worker.Services.AddGradingQueue(worker.Configuration, workers: Math.Max(1, worker.Configuration.GetValue("Queue:InProcessWorkers", 1)));
    await worker.Build().RunAsync();
    return;
}

var builder = WebApplication.CreateBuilder(args);
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

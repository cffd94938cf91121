using Intern.Server;
using Microsoft.EntityFrameworkCore;
using Intern.Server.Accounts;
using Intern.Server.Backups;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Rejudging;
using Intern.Server.Reviews;
using Intern.Server.Rounds;
using Intern.Server.Tasks;
using Intern.Server.Submissions;
using Intern.Server.Web;
using Intern.Web;

if (args.Length > 0 && args[0] == "migrate")
{
    await MigrateCommand.RunAsync(args[1..], DatabaseSection);
    return;
}

// `Intern.Server backup FILE` / `restore FILE [--force]`: the database with its blobs, to and from one file.
if (args is ["backup" or "restore", ..])
{
    Environment.ExitCode = await BackupCommand.RunAsync(args, DatabaseSection);
    return;
}

// `Intern.Server worker` runs grading workers only (probes and metrics on Worker:Port), against the same database as the server.
if (args.Length > 0 && args[0] == "worker")
{
    await WorkerRole.RunAsync(args[1..], DatabaseSection);
    return;
}

// appsettings.json lives beside the binaries, wherever the server is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddSecretFiles();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddInternDatabase(DatabaseSection(builder.Configuration));
builder.Services.AddInternAccounts();
builder.Services.AddPasswordReset();
builder.Services.AddInternKeys(builder.Configuration);
builder.Services.AddCsrfProtection();
builder.Services.AddInternRateLimits(builder.Configuration);
builder.Services.AddGradingQueue(builder.Configuration);
builder.Services.AddInternMetrics(prometheus: true);
builder.Services.AddStatusFeed(DatabaseSection(builder.Configuration), listen: true);
builder.Services.AddStatusEvents();
builder.Services.AddReviews();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<DatabaseOutageHandler>();
builder.Services.AddInternOpenApi();
builder.Services.AddInternWeb<ApplicantPortal, ReviewDesk>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UseCsrfProtection();
app.UseRateLimiter();
app.MapHealth();
app.MapInternMetrics();
app.MapAccounts();
app.MapPasswordReset();
app.MapSubmissions();
app.MapJobs();
app.MapRounds();
app.MapInvitations();
app.MapTasks();
app.MapReviews();
app.MapRejudges();
app.MapInternOpenApi();
app.MapInternWeb();
await app.RunAsync();

static DatabaseOptions DatabaseSection(IConfiguration configuration) =>
    (configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).WithPassword();

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;

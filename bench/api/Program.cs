// Seeds what bench/api/run.sh loads: a fresh PostgreSQL database, migrated, with one applicant, a
// personal access token and one submission graded for real (so the status endpoint filters a real
// result document), and drops that database afterwards.
// Usage: ApiBench seed   prints DATABASE, CONNECTION, TOKEN and SUBMISSION as shell assignments
//        ApiBench drop DATABASE
// INTERN_TEST_POSTGRES names the PostgreSQL server (bench/api/run.sh starts it).
using System.IO.Compression;
using Intern.Grading.Docker.Sandbox;
using Intern.Grading.Grading;
using Intern.Grading.Submissions;
using Intern.Grading.Tasks;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var admin = Environment.GetEnvironmentVariable("INTERN_TEST_POSTGRES")
    ?? throw new InvalidOperationException("INTERN_TEST_POSTGRES is not set: run bench/api/run.sh, which starts PostgreSQL.");
switch (args)
{
    case ["seed"]:
        await SeedAsync(admin);
        return 0;
    // Only a name this program made: it goes into DROP DATABASE as it is.
    case ["drop", var name] when name.Length == 45 && name.StartsWith("intern_bench_", StringComparison.Ordinal) && name[13..].All(char.IsAsciiHexDigitLower):
        await DropAsync(admin, name);
        return 0;
    default:
        Console.Error.WriteLine("usage: ApiBench seed | ApiBench drop intern_bench_...");
        return 2;
}

static async Task SeedAsync(string admin)
{
    var name = $"intern_bench_{Guid.NewGuid():N}";
    await ExecuteAsync(admin, $"CREATE DATABASE {name}");
    var database = new DatabaseOptions { Provider = "postgres", ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString };
    try
    {
        var (token, submission) = await SeedAccountsAsync(database);
        Console.WriteLine($"DATABASE='{name}'\nCONNECTION='{database.ConnectionString}'\nTOKEN='{token}'\nSUBMISSION='{submission}'");
    }
    catch
    {
        // The caller learns the database's name only on success, so a failed seed cleans up after itself.
        await DropAsync(admin, name);
        throw;
    }
}

static async Task<(string Token, Guid Submission)> SeedAccountsAsync(DatabaseOptions database)
{
    // The services `Intern.Server.dll migrate` builds, so that accounts are made as the server makes them.
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders(); // stdout is for the shell assignments; failures surface as exceptions
    builder.Services.AddSingleton(TimeProvider.System).AddInternDatabase(database);
    builder.Services.AddDataProtection();
    builder.Services.AddInternAccounts();
    using var host = builder.Build();
    await using var scope = host.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<InternDb>();
    await db.Database.MigrateAsync();
    await FirstAdmin.EnsureAsync(scope.ServiceProvider, "admin@bench.test");

    var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
    var applicant = new AppUser { UserName = "applicant@bench.test", Email = "applicant@bench.test", DisplayName = "Bench Applicant" };
    Check(await users.CreateAsync(applicant, "a long enough bench password"));
    Check(await users.AddToRoleAsync(applicant, AccountRegistration.Applicant));
    var now = TimeProvider.System.GetUtcNow();
    var (token, secret) = PersonalAccessToken.Create(applicant.Id, "bench", now, TimeSpan.FromDays(1));
    db.PersonalAccessTokens.Add(token);
    var submission = await GradedSubmissionAsync(db, applicant.Id, now);
    await db.SaveChangesAsync();
    return (secret, submission);
}

// The fixture's accepted `sum` solution, graded by the Grader and stored as a worker stores a result.
static async Task<Guid> GradedSubmissionAsync(InternDb db, Guid applicant, DateTimeOffset now)
{
    using var zip = new MemoryStream();
    using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
    {
        await using var run = new StreamWriter(archive.CreateEntry("run").Open());
        await run.WriteAsync("#!/bin/sh\nexec python3 -c 'import sys; print(sum(map(int, sys.stdin.read().split())))'\n");
    }
    var task = TaskLoader.Load(Path.Combine(RepositoryRoot(), "tests", "fixtures", "sum"));
    var files = await SubmissionArchive.ReadZipAsync(new MemoryStream(zip.ToArray()), ArchiveLimits.Default, CancellationToken.None);
    using var sandboxes = new DockerSandboxFactory();
    var result = await new Grader(sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(task, files, null, CancellationToken.None);
    if (result.Error is not null || result.Score != result.MaxScore)
        throw new InvalidOperationException($"Seeding needs a cleanly graded submission: {result.Error ?? result.Output}");

    var blob = Blob.Create(zip.ToArray(), now);
    var submission = Submission.Create(applicant, null, task.Slug, task.Version, blob, "sum.zip", now);
    var job = GradingJob.Enqueue(submission.Id, now, maxAttempts: 3);
    job.Claim("bench-seed", now, TimeSpan.FromMinutes(1));
    job.Succeed("bench-seed", now);
    var record = GradingRecord.Create(submission.Id, job.Id, job.Attempts, result, now);
    submission.MakeCurrent(record);
    db.AddRange(blob, submission, job, record);
    return submission.Id;
}

static void Check(IdentityResult result)
{
    if (!result.Succeeded)
        throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
}

static async Task DropAsync(string admin, string name)
{
    NpgsqlConnection.ClearAllPools();
    await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Intern.sln")))
        dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root.");
}

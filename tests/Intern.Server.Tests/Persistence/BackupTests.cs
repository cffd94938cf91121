using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Intern.Grading.Results;
using Intern.Server.Backups;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Tests.Persistence;

/// <summary>
/// Backup and restore of a database with accounts, tokens, a round, graded and queued submissions and their blobs:
/// restored into a fresh database of the same provider, it holds the same rows, the same bytes and the same results.
/// </summary>
public abstract class BackupTests<TDatabases>(TDatabases databases) : IClassFixture<TDatabases>, IDisposable
    where TDatabases : TestDatabases
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("intern-backup-test-");

    [Fact]
    public async Task RestoreIntoAFreshDatabaseBringsBackEveryRowBlobAndResult()
    {
        var source = await databases.CreateAsync();
        await SeedAsync(source);
        var file = Path.Combine(_folder.FullName, "intern.backup");

        var manifest = await DatabaseBackup.BackupAsync(source, file, overwrite: false, null, TimeProvider.System, CancellationToken.None);
        Assert.Equal(2, manifest.Inventory.Rows["Blobs"]);
        Assert.Equal(3, manifest.Inventory.Rows["AspNetUsers"]);
        var target = await databases.CreateAsync(migrate: false);
        var report = await DatabaseBackup.RestoreAsync(target, file, force: false, null, CancellationToken.None);

        Assert.Empty(report.Differences);
        await using var before = databases.Open(source);
        await using var after = databases.Open(target);
        Assert.Empty(await after.Database.GetPendingMigrationsAsync());
        Assert.Equal(await Users(before), await Users(after));
        Assert.Equal(await before.PersonalAccessTokens.CountAsync(), await after.PersonalAccessTokens.CountAsync());
        foreach (var blob in await before.Blobs.AsNoTracking().ToListAsync())
            Assert.Equal(blob.Content, (await after.Blobs.SingleAsync(b => b.Sha256 == blob.Sha256)).Content);
        var graded = await before.Submissions.AsNoTracking().SingleAsync(s => s.CurrentResultId != null);
        var result = await before.GradingRecords.AsNoTracking().SingleAsync();
        Assert.Equal(result.Json, (await after.GradingRecords.SingleAsync(r => r.Id == graded.CurrentResultId)).Json);
        Assert.Equal(
            await before.GradingJobs.OrderBy(j => j.SubmissionId).Select(j => new { j.SubmissionId, j.State, j.Attempts }).ToListAsync(),
            await after.GradingJobs.OrderBy(j => j.SubmissionId).Select(j => new { j.SubmissionId, j.State, j.Attempts }).ToListAsync());
    }

    [Fact]
    public async Task RestoreRefusesADatabaseWithDataUnlessForcedAndThenReplacesIt()
    {
        var source = await databases.CreateAsync();
        await SeedAsync(source);
        var file = Path.Combine(_folder.FullName, "intern.backup");
        await DatabaseBackup.BackupAsync(source, file, overwrite: false, null, TimeProvider.System, CancellationToken.None);
        var busy = await databases.CreateAsync();
        await TestApplicants.SeedAsync(busy, 5);

        var refused = await Assert.ThrowsAsync<BackupException>(() => DatabaseBackup.RestoreAsync(busy, file, force: false, null, CancellationToken.None));
        Assert.Contains("not empty", refused.Message, StringComparison.Ordinal);
        await using (var untouched = databases.Open(busy))
            Assert.Equal(6, await untouched.Users.CountAsync());

        var report = await DatabaseBackup.RestoreAsync(busy, file, force: true, null, CancellationToken.None);
        Assert.Empty(report.Differences);
        await using var before = databases.Open(source);
        await using var after = databases.Open(busy);
        Assert.Equal(await Users(before), await Users(after));
        Assert.Equal(2, await after.Submissions.CountAsync());
    }

    [Fact]
    public async Task TheServerBinaryBacksUpRestoresVerifiesAndRefusesToOverwrite()
    {
        var source = await databases.CreateAsync();
        await SeedAsync(source);
        var file = Path.Combine(_folder.FullName, "cli.backup");
        var target = await databases.CreateAsync(migrate: false);

        var backup = await RunAsync(source, "backup", file);
        Assert.True(backup.ExitCode == 0, backup.Output);
        Assert.Contains("2 blob(s)", backup.Output, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync(source, "backup", file)).ExitCode);
        var restore = await RunAsync(target, "restore", file);
        Assert.True(restore.ExitCode == 0, restore.Output);
        Assert.Contains("Verified", restore.Output, StringComparison.Ordinal);
        var again = await RunAsync(target, "restore", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync(target, "restore", file, "--force")).ExitCode);
        Assert.Equal(2, (await RunAsync(target, "restore")).ExitCode);
    }

    [Fact]
    public async Task RestoreNamesEveryWayTheDatabaseDiffersFromTheBackupsInventory()
    {
        var source = await databases.CreateAsync();
        await SeedAsync(source);
        var file = Path.Combine(_folder.FullName, "intern.backup");
        await DatabaseBackup.BackupAsync(source, file, overwrite: false, null, TimeProvider.System, CancellationToken.None);
        var tampered = Path.Combine(_folder.FullName, "tampered.backup");
        await RewriteManifestAsync(file, tampered, json => json.Replace("\"Submissions\": 2", "\"Submissions\": 3", StringComparison.Ordinal));

        var report = await DatabaseBackup.RestoreAsync(await databases.CreateAsync(migrate: false), tampered, force: false, null, CancellationToken.None);

        Assert.Equal(["table Submissions: 3 row(s) in the backup, 2 row(s) restored"], report.Differences);
        var cli = await RunAsync(await databases.CreateAsync(migrate: false), "restore", tampered);
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("MISMATCH table Submissions", cli.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _folder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Two applicants and an admin, a graded submission with its result, and a queued one with another archive.</summary>
    private async Task SeedAsync(DatabaseOptions database)
    {
        await TestApplicants.SeedAsync(database, 2);
        await using var db = databases.Open(database);
        var applicant = await db.Users.Where(u => u.Email!.StartsWith("applicant-")).Select(u => u.Id).FirstAsync();
        var round = await db.HiringRounds.Select(r => r.Id).SingleAsync();
        var now = TimeProvider.System.GetUtcNow();
        var first = Blob.Create("PK first archive"u8.ToArray(), now);
        var graded = Submission.Create(applicant, round, "sum", 1, first, "first.zip", now);
        var job = GradingJob.Enqueue(graded.Id, now, maxAttempts: 3);
        job.Claim("backup-test", now, TimeSpan.FromMinutes(1));
        job.Succeed("backup-test", now);
        var record = GradingRecord.Create(graded.Id, job.Id, job.Attempts, new GradingResult { Score = 80, MaxScore = 100, Output = "2 of 10 hidden cases wrong" }, now);
        graded.MakeCurrent(record);
        var second = Blob.Create("PK second archive"u8.ToArray(), now);
        var queued = Submission.Create(applicant, round, "sum", 1, second, "second.zip", now.AddMinutes(1));
        db.AddRange(first, graded, job, record, second, queued, GradingJob.Enqueue(queued.Id, now, maxAttempts: 3));
        await db.SaveChangesAsync();
    }

    private static async Task RewriteManifestAsync(string from, string to, Func<string, string> change)
    {
        await using var input = File.OpenRead(from);
        await using var reader = new TarReader(input);
        await using var output = File.Create(to);
        await using var writer = new TarWriter(output);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            var data = new MemoryStream();
            await entry.DataStream!.CopyToAsync(data);
            if (entry.Name == "manifest.json")
                data = new MemoryStream(Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(data.ToArray()))));
            data.Position = 0;
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, entry.Name) { DataStream = data });
        }
    }

    private static async Task<List<string>> Users(InternDb db) =>
        (await db.Users.Select(u => u.Email + " " + u.PasswordHash + " " + u.SecurityStamp).ToListAsync()).Order(StringComparer.Ordinal).ToList();

    private static async Task<(int ExitCode, string Output)> RunAsync(DatabaseOptions database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Intern.Server.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["Database__Provider"] = database.Provider;
        start.Environment["Database__ConnectionString"] = database.ConnectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

public sealed class BackupOnSqliteTests(SqliteDatabases databases) : BackupTests<SqliteDatabases>(databases);

public sealed class BackupOnPostgresTests(PostgresDatabases databases) : BackupTests<PostgresDatabases>(databases);

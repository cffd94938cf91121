using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Intern.Bench;

/// <summary>How one batch of jobs was drained, by the workers' own timestamps.</summary>
public sealed record Drain(int Jobs, TimeSpan Elapsed, int Failed, int Retried)
{
    public double JobsPerSecond => Jobs / Elapsed.TotalSeconds;
    public double MsPerJob => Elapsed.TotalMilliseconds / Jobs;

    public static Drain Sum(IReadOnlyList<Drain> rounds) => new(rounds.Sum(d => d.Jobs),
        TimeSpan.FromTicks(rounds.Sum(d => d.Elapsed.Ticks)), rounds.Sum(d => d.Failed), rounds.Sum(d => d.Retried));
}

/// <summary>
/// A fresh, migrated PostgreSQL database for one benchmark run, dropped afterwards. Jobs are written
/// the way intake writes them (blob, submission, job), only many in one transaction.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private BenchDatabase(string admin, string name, DatabaseOptions options)
    {
        _admin = admin;
        _name = name;
        Options = options;
    }

    public DatabaseOptions Options { get; }

    public static async Task<BenchDatabase> CreateAsync(string adminConnectionString)
    {
        var name = $"intern_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(adminConnectionString, $"CREATE DATABASE {name}");
        var options = new DatabaseOptions
        {
            Provider = "postgres",
            ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString,
        };
        var database = new BenchDatabase(adminConnectionString, name, options);
        await using var db = DatabaseRegistration.Create(options);
        await db.Database.MigrateAsync();
        return database;
    }

    /// <summary>Writes <paramref name="count"/> submissions of the same archive for <paramref name="task"/>, each with its queued job; returns the job ids.</summary>
    public async Task<IReadOnlyList<Guid>> EnqueueAsync(byte[] archive, int count, string task = "sum")
    {
        await using var db = DatabaseRegistration.Create(Options);
        var now = TimeProvider.System.GetUtcNow();
        var blob = Blob.Create(archive, now);
        if (!await db.Blobs.AnyAsync(b => b.Sha256 == blob.Sha256))
            db.Blobs.Add(blob);
        var jobs = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            var submission = Submission.Create(Guid.NewGuid(), null, task, 1, blob, $"{task}.zip", now);
            var job = GradingJob.Enqueue(submission.Id, now, maxAttempts: 3);
            db.AddRange(submission, job);
            jobs.Add(job.Id);
        }
        await db.SaveChangesAsync();
        return jobs;
    }

    /// <summary>
    /// Waits until every job has ended, then measures from the first claim to the last result: the
    /// workers' idle polling before the first claim is not throughput, so it is left out.
    /// </summary>
    public async Task<Drain> WaitForDrainAsync(IReadOnlyList<Guid> jobIds, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            await using var db = DatabaseRegistration.Create(Options);
            var jobs = db.GradingJobs.AsNoTracking().Where(j => jobIds.Contains(j.Id));
            var open = await jobs.CountAsync(j => j.State == JobState.Queued || j.State == JobState.Running);
            if (open == 0)
            {
                var first = await jobs.MinAsync(j => j.StartedAt);
                var last = await jobs.MaxAsync(j => j.FinishedAt);
                return new Drain(jobIds.Count, last!.Value - first!.Value,
                    await jobs.CountAsync(j => j.State == JobState.Failed), await jobs.CountAsync(j => j.Attempts > 1));
            }
            if (TimeProvider.System.GetUtcNow() > deadline)
                throw new TimeoutException($"{open} of {jobIds.Count} jobs were still open after {timeout}.");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Submissions without exactly one grading record (graded twice, or never), and records short of full marks.</summary>
    public async Task<(int Submissions, int NotExactlyOnce, int NotFullMarks)> VerifyAsync()
    {
        await using var db = DatabaseRegistration.Create(Options);
        var submissions = await db.Submissions.CountAsync();
        var notOnce = await db.Submissions.CountAsync(s => db.GradingRecords.Count(r => r.SubmissionId == s.Id) != 1);
        var notFull = await db.GradingRecords.CountAsync(r => r.Score != r.MaxScore || !r.Gradable);
        return (submissions, notOnce, notFull);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

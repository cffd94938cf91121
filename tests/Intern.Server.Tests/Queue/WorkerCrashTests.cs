using System.Diagnostics;
using System.IO.Compression;
using Intern.Grading.Results;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Tests.Queue;

/// <summary>
/// kill -9 of a worker process in the middle of a grading (real Docker, real database): the job's lease
/// runs out, another worker grades the submission again, and it ends with exactly one current result.
/// </summary>
public abstract class WorkerCrashTests<TDatabases>(TDatabases databases) : IClassFixture<TDatabases>
    where TDatabases : TestDatabases
{
    [Fact]
    public async Task KilledWorkerLosesItsJobAndTheSubmissionIsGradedOnceMore()
    {
        var options = await databases.CreateAsync();
        var (submissionId, jobId) = await EnqueueSlowSubmissionAsync(options);

        using (var doomed = WorkerProcess.Start(options))
        {
            await WaitForAsync(options, jobId, j => j.State == JobState.Running, TimeSpan.FromSeconds(90));
            await Task.Delay(TimeSpan.FromSeconds(2));
            doomed.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        }
        using var survivor = WorkerProcess.Start(options);
        try
        {
            var job = await WaitForAsync(options, jobId, j => j.State == JobState.Succeeded, TimeSpan.FromSeconds(120));
            Assert.Equal(2, job.Attempts);
            await using var db = databases.Open(options);
            var record = Assert.Single(await db.GradingRecords.Where(r => r.SubmissionId == submissionId).ToListAsync());
            Assert.Equal(record.Id, (await db.Submissions.SingleAsync(s => s.Id == submissionId)).CurrentResultId);
            Assert.Equal(100, ResultJson.Deserialize(record.Json).Score);
        }
        finally
        {
            survivor.Kill(entireProcessTree: true);
        }
    }

    private async Task<(Guid Submission, Guid Job)> EnqueueSlowSubmissionAsync(DatabaseOptions options)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            // Each of the fixture's ten cases takes a second, so the worker is surely mid-grading when it dies.
            await using var run = archive.CreateEntry("run").Open();
            await run.WriteAsync("#!/bin/sh\nsleep 1\nexec python3 -c 'import sys; print(sum(map(int, sys.stdin.read().split())))'\n"u8.ToArray());
        }
        var now = TimeProvider.System.GetUtcNow();
        var blob = Blob.Create(zip.ToArray(), now);
        var submission = Submission.Create(Guid.NewGuid(), null, "sum", 1, blob, "slow.zip", now);
        var job = GradingJob.Enqueue(submission.Id, now, maxAttempts: 3);
        await using var db = databases.Open(options);
        db.AddRange(blob, submission, job);
        await db.SaveChangesAsync();
        return (submission.Id, job.Id);
    }

    private async Task<GradingJob> WaitForAsync(DatabaseOptions options, Guid jobId, Func<GradingJob, bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using (var db = databases.Open(options))
            {
                var job = await db.GradingJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
                if (condition(job))
                    return job;
                if (clock.Elapsed > timeout)
                    throw new TimeoutException($"Job {jobId} is still {job.State} (attempts {job.Attempts}, error {job.LastError}) after {timeout}.");
            }
            await Task.Delay(200);
        }
    }
}

public sealed class WorkerCrashOnSqliteTests(SqliteDatabases databases) : WorkerCrashTests<SqliteDatabases>(databases);

public sealed class WorkerCrashOnPostgresTests(PostgresDatabases databases) : WorkerCrashTests<PostgresDatabases>(databases);

using Intern.Grading.Results;
using Intern.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Tests.Queue;

/// <summary>The grading queue's contract, run against every provider (see the subclasses at the end).</summary>
public abstract class JobQueueTests<TDatabases>(TDatabases databases) : IClassFixture<TDatabases>
    where TDatabases : TestDatabases
{
    private static readonly GradingResult Graded = new() { Score = 7, MaxScore = 10 };

    [Fact]
    public async Task ClaimTakesTheOldestQueuedJobAndThenNothing()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (_, first) = await s.EnqueueAsync();
        var (_, second) = await s.EnqueueAsync();
        var worker = s.Worker();
        Assert.Equal(first.Id, (await worker.ClaimAsync("w1", default))!.Id);
        Assert.Equal(second.Id, (await worker.ClaimAsync("w1", default))!.Id);
        Assert.Null(await worker.ClaimAsync("w1", default));
    }

    [Fact]
    public async Task JobOfAWorkerThatStoppedRenewingIsClaimedAgain()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (_, job) = await s.EnqueueAsync();
        Assert.NotNull(await s.Worker().ClaimAsync("dead", default));
        Assert.Null(await s.Worker().ClaimAsync("alive", default));
        s.Clock.Advance(QueueScenario.Options.Lease + TimeSpan.FromSeconds(1));
        var again = await s.Worker().ClaimAsync("alive", default);
        Assert.Equal(job.Id, again!.Id);
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task HolderRecordsItsProgressAndNobodyElseCan()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (_, job) = await s.EnqueueAsync();
        await s.Worker().ClaimAsync("w1", default);
        await s.Worker().ReportProgressAsync(job.Id, "w1", JobPhases.Testing, 3, 10, default);
        await Assert.ThrowsAsync<LeaseLostException>(() => s.Worker().ReportProgressAsync(job.Id, "w2", JobPhases.Testing, 9, 10, default));
        await using var db = s.Db();
        var stored = await db.GradingJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
        Assert.Equal((JobPhases.Testing, 3, 10), (stored.Phase, stored.CasesDone, stored.CasesTotal));
        await s.Worker().CompleteAsync(job.Id, "w1", Graded, default);
        Assert.Null((await db.GradingJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id)).Phase);
    }

    [Fact]
    public async Task HeartbeatThatCollidesWithTheHoldersOwnProgressKeepsTheLease()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (_, job) = await s.EnqueueAsync();
        await s.Worker().ClaimAsync("w1", default);
        // This context read the job before the progress write changed its version: its next save collides.
        var heartbeat = s.Worker();
        await heartbeat.RenewAsync(job.Id, "w1", default);
        await s.Worker().ReportProgressAsync(job.Id, "w1", JobPhases.Building, 0, 10, default);
        await heartbeat.RenewAsync(job.Id, "w1", default);
        await s.Worker().ReportProgressAsync(job.Id, "w1", JobPhases.Testing, 1, 10, default);
    }

    [Fact]
    public async Task HeartbeatKeepsTheJobPastTheFirstLease()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (_, job) = await s.EnqueueAsync();
        await s.Worker().ClaimAsync("w1", default);
        for (var i = 0; i < 4; i++)
        {
            s.Clock.Advance(QueueScenario.Options.Lease / 2);
            await s.Worker().RenewAsync(job.Id, "w1", default);
        }
        Assert.Null(await s.Worker().ClaimAsync("w2", default));
    }

    [Fact]
    public async Task WorkerThatLostItsLeaseCanNeitherRenewNorStoreAResult()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (submission, job) = await s.EnqueueAsync();
        await s.Worker().ClaimAsync("slow", default);
        s.Clock.Advance(QueueScenario.Options.Lease + TimeSpan.FromSeconds(1));
        await s.Worker().ClaimAsync("fast", default);
        await Assert.ThrowsAsync<LeaseLostException>(() => s.Worker().RenewAsync(job.Id, "slow", default));
        await Assert.ThrowsAsync<LeaseLostException>(() => s.Worker().CompleteAsync(job.Id, "slow", Graded, default));
        await s.Worker().CompleteAsync(job.Id, "fast", Graded, default);
        await using var db = s.Db();
        Assert.Equal(1, await db.GradingRecords.CountAsync(r => r.SubmissionId == submission.Id));
    }

    [Fact]
    public async Task CompletingMakesTheResultCurrentAndARegradeKeepsHistory()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (submission, job) = await s.EnqueueAsync();
        await s.Worker().ClaimAsync("w1", default);
        var first = await s.Worker().CompleteAsync(job.Id, "w1", Graded, default);
        await using (var db = s.Db())
        {
            db.GradingJobs.Add(GradingJob.Enqueue(submission.Id, s.Clock.GetUtcNow(), 3));
            await db.SaveChangesAsync();
        }
        var regrade = await s.Worker().ClaimAsync("w2", default);
        var second = await s.Worker().CompleteAsync(regrade!.Id, "w2", Graded with { Score = 9 }, default);
        await using var check = s.Db();
        var stored = await check.Submissions.SingleAsync(x => x.Id == submission.Id);
        Assert.Equal(second.Id, stored.CurrentResultId);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, await check.GradingRecords.CountAsync(r => r.SubmissionId == submission.Id));
    }

    [Fact]
    public async Task AnArtifactWithAnOverlongNameOrMediaTypeIsKeptAndTheGradingStored()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (submission, job) = await s.EnqueueAsync();
        await s.Worker().ClaimAsync("w1", default);
        // Cut at 255 characters, the emoji's pair would be split in two: the name ends before it instead.
        var name = "shots/" + new string('n', 248) + "\U0001F600" + new string('n', 150) + ".png";
        var result = Graded with
        {
            Artifacts = [new Artifact(name, "image/" + new string('x', 150), "out/shot.png")],
            ArtifactFiles = [new Intern.Grading.Sandbox.SandboxFile("out/shot.png", "not really a png"u8.ToArray())],
        };
        var record = await s.Worker().CompleteAsync(job.Id, "w1", result, default);
        await using var check = s.Db();
        Assert.Equal(record.Id, (await check.Submissions.SingleAsync(x => x.Id == submission.Id)).CurrentResultId);
        var stored = await check.GradingArtifacts.SingleAsync(a => a.RecordId == record.Id);
        Assert.Equal((name[..254], "application/octet-stream"), (stored.Name, stored.MediaType));
    }

    [Fact]
    public async Task PlatformFailuresRetryUntilTheAttemptsAreSpentThenAnAdminCanRetry()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (_, job) = await s.EnqueueAsync();
        for (var attempt = 1; attempt <= QueueScenario.Options.MaxAttempts; attempt++)
        {
            var claimed = await s.Worker().ClaimAsync("w", default);
            Assert.Equal(attempt, claimed!.Attempts);
            await s.Worker().FailAsync(job.Id, "w", $"docker went away ({attempt})", default);
        }
        Assert.Null(await s.Worker().ClaimAsync("w", default));
        await using (var db = s.Db())
        {
            var failed = await db.GradingJobs.SingleAsync(j => j.Id == job.Id);
            Assert.Equal(JobState.Failed, failed.State);
            Assert.Equal("docker went away (3)", failed.LastError);
        }
        await s.Worker().RetryAsync(job.Id, default);
        Assert.Equal(job.Id, (await s.Worker().ClaimAsync("w", default))!.Id);
    }

    [Fact]
    public async Task WorkerDyingOnTheLastAttemptEndsAsAVisiblePlatformError()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var (_, job) = await s.EnqueueAsync();
        for (var attempt = 0; attempt < QueueScenario.Options.MaxAttempts; attempt++)
        {
            Assert.NotNull(await s.Worker().ClaimAsync("dies", default));
            s.Clock.Advance(QueueScenario.Options.Lease + TimeSpan.FromSeconds(1));
        }
        Assert.Null(await s.Worker().ClaimAsync("next", default));
        await using var db = s.Db();
        Assert.Equal(JobState.Failed, (await db.GradingJobs.SingleAsync(j => j.Id == job.Id)).State);
    }

    [Fact]
    public async Task ConcurrentWorkersNeverClaimTheSameJob()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        var jobs = new List<Guid>();
        for (var i = 0; i < 12; i++)
            jobs.Add((await s.EnqueueAsync()).Job.Id);
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            var queue = s.Worker();
            while (await queue.ClaimAsync($"w{w}", default) is { } job)
                mine.Add(job.Id);
            return mine;
        })));
        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(jobs.Order(), all.Order());
    }
}

public sealed class JobQueueOnSqliteTests(SqliteDatabases databases) : JobQueueTests<SqliteDatabases>(databases);

public sealed class JobQueueOnPostgresTests(PostgresDatabases databases) : JobQueueTests<PostgresDatabases>(databases);

using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Rounds;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Intern.Server.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Intern.Server.Tests.Submissions;

/// <summary>Uploads to stored submissions on every provider: good ones are stored whole, hostile ones leave nothing behind.</summary>
public abstract class IntakeTests<TDatabases>(TDatabases databases) : IClassFixture<TDatabases>
    where TDatabases : TestDatabases
{
    private static readonly TaskCatalog Tasks = new(new TaskOptions { Folders = [Path.Combine(Api.Repository.Root, "tests", "fixtures")] }, NullLogger<TaskCatalog>.Instance);

    private static readonly byte[] Good = HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"), ("solution.py", "print(1)\n"));
    private static readonly byte[] WordFreq = HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"));

    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    private Guid _applicant;

    /// <summary>A fresh database with one applicant enrolled in <paramref name="round"/> (by default open a week, 5 submissions per task).</summary>
    private async Task<(InternDb Db, SubmissionIntake Intake)> StartAsync(long maxUpload = 32L << 20, HiringRound? round = null, int maxQueued = 2)
    {
        var options = await databases.CreateAsync();
        var db = databases.Open(options);
        _applicant = await EnrolAsync(db, round ?? HiringRound.Open("Spring", Now.AddDays(7), 5, ["sum", "wordfreq"], Now));
        return (db, Intake(db, maxUpload, maxQueued));
    }

    private static SubmissionIntake Intake(InternDb db, long maxUpload = 32L << 20, int maxQueued = 2) =>
        new(db, Tasks, new IntakeOptions { MaxUploadBytes = maxUpload, MaxQueuedPerApplicant = maxQueued }, new QueueOptions(), TimeProvider.System);

    private static async Task<Guid> EnrolAsync(InternDb db, HiringRound round)
    {
        var user = new AppUser { UserName = $"{Guid.NewGuid():N}@example.test", Email = "someone@example.test" };
        db.Users.Add(user);
        if (!await db.HiringRounds.AnyAsync(r => r.Id == round.Id))
            db.HiringRounds.Add(round);
        db.RoundMembers.Add(RoundMember.Enrol(round.Id, user.Id, Now));
        await db.SaveChangesAsync();
        return user.Id;
    }

    [Fact]
    public async Task GoodUploadIsStoredWithItsGradingJobInOneGo()
    {
        var (db, intake) = await StartAsync();
        await using var _ = db;
        var submission = await intake.AcceptAsync(new MemoryStream(Good), "my solution.zip", _applicant, null, "sum", default);
        Assert.Equal(1, await db.Blobs.CountAsync());
        Assert.Equal(submission.Id, (await db.GradingJobs.SingleAsync()).SubmissionId);
        Assert.Equal(1, submission.TaskVersion);
    }

    [Fact]
    public async Task IdenticalUploadsShareOneBlob()
    {
        var (db, intake) = await StartAsync();
        await using var _ = db;
        await intake.AcceptAsync(new MemoryStream(Good), "a.zip", _applicant, null, "sum", default);
        var other = await EnrolAsync(db, await db.HiringRounds.SingleAsync());
        await intake.AcceptAsync(new MemoryStream(Good), "b.zip", other, null, "sum", default);
        Assert.Equal(1, await db.Blobs.CountAsync());
        Assert.Equal(2, await db.GradingJobs.CountAsync());
    }

    [Fact]
    public async Task SimultaneousIdenticalUploadsAreAllStoredAgainstOneBlob()
    {
        var (setup, _) = await StartAsync();
        await using var __ = setup;
        var round = await setup.HiringRounds.SingleAsync();
        var applicants = new List<Guid>();
        for (var i = 0; i < 8; i++)
            applicants.Add(await EnrolAsync(setup, round));
        var options = new DatabaseOptions { Provider = databases.Provider, ConnectionString = setup.Database.GetConnectionString()! };
        // Each upload through its own context, as concurrent requests have: all check for the blob before any stores it.
        var uploads = applicants.Select(async (applicant, i) =>
        {
            await using var db = databases.Open(options);
            return await Intake(db).AcceptAsync(new MemoryStream(Good), $"{i}.zip", applicant, null, "sum", default);
        });
        var stored = await Task.WhenAll(uploads);
        await using var check = databases.Open(options);
        Assert.Equal(1, await check.Blobs.CountAsync());
        Assert.Equal(stored.Select(s => s.Id).Order(), (await check.Submissions.Select(s => s.Id).ToListAsync()).Order());
        Assert.Equal(8, await check.GradingJobs.CountAsync());
    }

    [Theory]
    [MemberData(nameof(HostileUploads.Names), MemberType = typeof(HostileUploads))]
    public async Task HostileUploadIsRefusedWithAClearMessageAndNothingIsStored(string what)
    {
        var (upload, expected) = HostileUploads.Get(what);
        var (db, intake) = await StartAsync();
        await using var _ = db;
        var refused = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(upload), what, _applicant, null, "sum", default));
        Assert.Contains(refused.Problems, p => p.Contains(expected, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await db.Blobs.CountAsync());
        Assert.Equal(0, await db.Submissions.CountAsync());
        Assert.Equal(0, await db.GradingJobs.CountAsync());
    }

    [Fact]
    public async Task UploadOverTheSizeLimitIsRefusedBeforeItIsRead()
    {
        var (db, intake) = await StartAsync(maxUpload: 4096);
        await using var _ = db;
        var refused = await Assert.ThrowsAsync<IntakeRefusedException>(() =>
            intake.AcceptAsync(new MemoryStream(new byte[100_000]), "big.zip", _applicant, null, "sum", default));
        Assert.Contains("larger than", refused.Problems[0], StringComparison.Ordinal);
        Assert.Equal(0, await db.Submissions.CountAsync());
    }

    [Fact]
    public async Task AfterTheDeadlineNothingIsAcceptedAndTheRefusalSaysWhen()
    {
        var (db, intake) = await StartAsync(round: HiringRound.Open("Autumn", Now.AddMinutes(-1), 5, ["sum"], Now.AddDays(-30)));
        await using var _ = db;
        var refused = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(Good), "late.zip", _applicant, null, "sum", default));
        Assert.Equal(403, refused.StatusCode);
        Assert.Contains("deadline of Autumn passed", refused.Problems[0], StringComparison.Ordinal);
        Assert.Equal(0, await db.Submissions.CountAsync());
    }

    [Fact]
    public async Task NotEnrolledOrTaskNotInTheRoundIsRefused()
    {
        var (db, intake) = await StartAsync();
        await using var _ = db;
        var stranger = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(Good), "a.zip", Guid.NewGuid(), null, "sum", default));
        Assert.Contains("not enrolled", stranger.Problems[0], StringComparison.Ordinal);
        var other = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(Good), "a.zip", _applicant, null, "concat", default));
        Assert.Contains("'concat' is not open in Spring", other.Problems[0], StringComparison.Ordinal);
        Assert.Equal(0, await db.Submissions.CountAsync());
    }

    [Fact]
    public async Task TheSubmissionCapCountsPerTaskAndTheQueueCapPerApplicant()
    {
        var (db, intake) = await StartAsync(round: HiringRound.Open("Capped", Now.AddDays(1), 2, ["sum", "wordfreq"], Now), maxQueued: 3);
        await using var _ = db;
        await intake.AcceptAsync(new MemoryStream(Good), "1.zip", _applicant, null, "sum", default);
        await intake.AcceptAsync(new MemoryStream(Good), "2.zip", _applicant, null, "sum", default);
        var used = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(Good), "3.zip", _applicant, null, "sum", default));
        Assert.Equal(409, used.StatusCode);
        Assert.Contains("all 2 submissions for 'sum'", used.Problems[0], StringComparison.Ordinal);
        await intake.AcceptAsync(new MemoryStream(WordFreq), "4.zip", _applicant, null, "wordfreq", default);
        var waiting = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(WordFreq), "5.zip", _applicant, null, "wordfreq", default));
        Assert.Equal(429, waiting.StatusCode);
        Assert.Equal(3, await db.Submissions.CountAsync());
    }

    [Fact]
    public async Task RegradesOfGradedWorkDoNotCountAgainstTheQueueCap()
    {
        var (db, intake) = await StartAsync(maxQueued: 1);
        await using var _ = db;
        var first = await intake.AcceptAsync(new MemoryStream(Good), "1.zip", _applicant, null, "sum", default);
        var queue = new JobQueue(db, TimeProvider.System, new QueueOptions());
        var job = (await queue.ClaimAsync("w1", default))!;
        await queue.CompleteAsync(job.Id, "w1", new Intern.Grading.Results.GradingResult { Score = 1, MaxScore = 1 }, default);
        // An admin grades it again (a fixed task, say): the job waits, but it is not the applicant's doing.
        db.GradingJobs.Add(GradingJob.Enqueue(first.Id, Now, 3));
        await db.SaveChangesAsync();
        await intake.AcceptAsync(new MemoryStream(Good), "2.zip", _applicant, null, "sum", default);
        // The applicant's own upload still waits ungraded: that one counts.
        var waiting = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(Good), "3.zip", _applicant, null, "sum", default));
        Assert.Equal(429, waiting.StatusCode);
    }

    [Fact]
    public async Task TwoUploadsRacingForTheLastSubmissionCannotBothWin()
    {
        var (db, _) = await StartAsync(round: HiringRound.Open("One shot", Now.AddDays(1), 1, ["sum"], Now));
        await using var __ = db;
        var options = db.Database.GetConnectionString()!;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            await using var racer = databases.Open(new DatabaseOptions { Provider = databases.Provider, ConnectionString = options });
            try
            {
                // Distinct archives, so that only the round's rules (not a shared blob's key) can stop a racer.
                var upload = HostileUploads.Zip(("run", $"#!/bin/sh\n# racer {i}\ncat\n"));
                await Intake(racer, maxQueued: 10).AcceptAsync(new MemoryStream(upload), $"{i}.zip", _applicant, null, "sum", default);
                return "accepted";
            }
            catch (IntakeRefusedException e)
            {
                return e.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }));
        Assert.Equal(1, outcomes.Count(o => o == "accepted"));
        Assert.Equal(1, await db.Submissions.CountAsync());
    }

}

public sealed class IntakeOnSqliteTests(SqliteDatabases databases) : IntakeTests<SqliteDatabases>(databases);

public sealed class IntakeOnPostgresTests(PostgresDatabases databases) : IntakeTests<PostgresDatabases>(databases);

using System.IO.Compression;
using System.Text;
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
    private static readonly TaskCatalog Tasks = new(new TaskOptions { Folders = [Path.Combine(Root(), "tests", "fixtures")] }, NullLogger<TaskCatalog>.Instance);

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

    [Theory]
    [MemberData(nameof(HostileUploads.All), MemberType = typeof(HostileUploads))]
    public async Task HostileUploadIsRefusedWithAClearMessageAndNothingIsStored(string what, byte[] upload, string expected)
    {
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
        Assert.Equal(403, refused.Status);
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
        Assert.Equal(409, used.Status);
        Assert.Contains("all 2 submissions for 'sum'", used.Problems[0], StringComparison.Ordinal);
        await intake.AcceptAsync(new MemoryStream(WordFreq), "4.zip", _applicant, null, "wordfreq", default);
        var waiting = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(WordFreq), "5.zip", _applicant, null, "wordfreq", default));
        Assert.Equal(429, waiting.Status);
        Assert.Equal(3, await db.Submissions.CountAsync());
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
                return e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }));
        Assert.Equal(1, outcomes.Count(o => o == "accepted"));
        Assert.Equal(1, await db.Submissions.CountAsync());
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Intern.sln")))
            dir = dir.Parent;
        return dir!.FullName;
    }
}

public sealed class IntakeOnSqliteTests(SqliteDatabases databases) : IntakeTests<SqliteDatabases>(databases);

public sealed class IntakeOnPostgresTests(PostgresDatabases databases) : IntakeTests<PostgresDatabases>(databases);

/// <summary>Uploads an attacker or a hurried applicant might send, each with the words its refusal must contain.</summary>
public static class HostileUploads
{
    public static TheoryData<string, byte[], string> All() => new()
    {
        { "zip-slip", Zip(("run", "x"), ("../../etc/cron.d/evil", "x")), "leaves the submission folder" },
        { "absolute path", Zip(("run", "x"), ("/etc/passwd", "x")), "/etc/passwd" },
        { "symlink", ZipWithSymlink(), "link" },
        { "zip bomb", ZipBomb(), "expands" },
        { "100,000 entries", ManyEntries(100_000), "100000 entries" },
        { "not an archive", Encoding.UTF8.GetBytes("this is my solution, pasted as text"), "not a zip or tar archive" },
        { "empty", [], "empty" },
        { "missing run", Zip(("solution.py", "print(1)")), "'run' is missing" },
    };

    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return stream.ToArray();
    }

    private static byte[] ZipWithSymlink()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var run = zip.CreateEntry("run").Open())
                run.Write("#!/bin/sh\n"u8);
            var link = zip.CreateEntry("secrets");
            link.ExternalAttributes = unchecked((int)0xA1FF0000);
            using var target = link.Open();
            target.Write("/etc/shadow"u8);
        }
        return stream.ToArray();
    }

    private static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var run = zip.CreateEntry("run").Open())
                run.Write("#!/bin/sh\n"u8);
            using var bomb = zip.CreateEntry("data.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 200; i++)
                bomb.Write(zeros);
        }
        return stream.ToArray();
    }

    private static byte[] ManyEntries(int count)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
                zip.CreateEntry($"f{i}.txt", CompressionLevel.NoCompression);
        }
        return stream.ToArray();
    }
}

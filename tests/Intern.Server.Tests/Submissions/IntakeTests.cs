using System.IO.Compression;
using System.Text;
using Intern.Server.Persistence;
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

    private async Task<(InternDb Db, SubmissionIntake Intake)> StartAsync(long maxUpload = 32L << 20)
    {
        var db = databases.Open(await databases.CreateAsync());
        return (db, new SubmissionIntake(db, Tasks, new IntakeOptions { MaxUploadBytes = maxUpload }, new QueueOptions(), TimeProvider.System));
    }

    [Fact]
    public async Task GoodUploadIsStoredWithItsGradingJobInOneGo()
    {
        var (db, intake) = await StartAsync();
        await using var _ = db;
        var submission = await intake.AcceptAsync(new MemoryStream(Good), "my solution.zip", Guid.NewGuid(), null, "sum", default);
        Assert.Equal(1, await db.Blobs.CountAsync());
        Assert.Equal(submission.Id, (await db.GradingJobs.SingleAsync()).SubmissionId);
        Assert.Equal(1, submission.TaskVersion);
    }

    [Fact]
    public async Task IdenticalUploadsShareOneBlob()
    {
        var (db, intake) = await StartAsync();
        await using var _ = db;
        await intake.AcceptAsync(new MemoryStream(Good), "a.zip", Guid.NewGuid(), null, "sum", default);
        await intake.AcceptAsync(new MemoryStream(Good), "b.zip", Guid.NewGuid(), null, "sum", default);
        Assert.Equal(1, await db.Blobs.CountAsync());
        Assert.Equal(2, await db.GradingJobs.CountAsync());
    }

    [Theory]
    // Not enumerated at discovery: xUnit would serialize the megabytes of the 100,000-entry zip byte by byte into strings (gigabytes).
    [MemberData(nameof(HostileUploads.All), MemberType = typeof(HostileUploads), DisableDiscoveryEnumeration = true)]
    public async Task HostileUploadIsRefusedWithAClearMessageAndNothingIsStored(string what, byte[] upload, string expected)
    {
        var (db, intake) = await StartAsync();
        await using var _ = db;
        var refused = await Assert.ThrowsAsync<IntakeRefusedException>(() => intake.AcceptAsync(new MemoryStream(upload), what, Guid.NewGuid(), null, "sum", default));
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
            intake.AcceptAsync(new MemoryStream(new byte[100_000]), "big.zip", Guid.NewGuid(), null, "sum", default));
        Assert.Contains("larger than", refused.Problems[0], StringComparison.Ordinal);
        Assert.Equal(0, await db.Submissions.CountAsync());
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

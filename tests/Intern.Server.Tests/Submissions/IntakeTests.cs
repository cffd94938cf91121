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

    [Fact]
    public async Task SimultaneousIdenticalUploadsAreAllStoredAgainstOneBlob()
    {
        var options = await databases.CreateAsync();
        // Each upload through its own context, as concurrent requests have: all check for the blob before any stores it.
        var uploads = Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = databases.Open(options);
            var intake = new SubmissionIntake(db, Tasks, new IntakeOptions(), new QueueOptions(), TimeProvider.System);
            return await intake.AcceptAsync(new MemoryStream(Good), $"{i}.zip", Guid.NewGuid(), null, "sum", default);
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

using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Microsoft.Extensions.Time.Testing;

namespace Intern.Server.Tests.Queue;

/// <summary>A fresh database, a fake clock, and helpers to enqueue submissions and act as workers.</summary>
internal sealed class QueueScenario(TestDatabases databases, DatabaseOptions database) : IAsyncDisposable
{
    public static readonly QueueOptions Options = new() { Lease = TimeSpan.FromSeconds(30), MaxAttempts = 3 };

    private readonly List<InternDb> _open = [];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The scenario's database, for code under test that opens its own contexts.</summary>
    public DatabaseOptions Database => database;

    public static async Task<QueueScenario> StartAsync(TestDatabases databases) => new(databases, await databases.CreateAsync());

    public InternDb Db()
    {
        var db = databases.Open(database);
        _open.Add(db);
        return db;
    }

    /// <summary>A worker's view: its own context, as a separate process would have.</summary>
    public JobQueue Worker() => new(Db(), Clock, Options);

    public async Task<(Submission Submission, GradingJob Job)> EnqueueAsync(string content = "print(1)")
    {
        await using var db = databases.Open(database);
        var blob = Blob.Create(System.Text.Encoding.UTF8.GetBytes(content + Guid.NewGuid()), Clock.GetUtcNow());
        var submission = Submission.Create(Guid.NewGuid(), null, "sum", 1, blob, "solution.zip", Clock.GetUtcNow());
        var job = GradingJob.Enqueue(submission.Id, Clock.GetUtcNow(), Options.MaxAttempts);
        db.Blobs.Add(blob);
        db.Submissions.Add(submission);
        db.GradingJobs.Add(job);
        await db.SaveChangesAsync();
        Clock.Advance(TimeSpan.FromMilliseconds(10));
        return (submission, job);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _open)
            await db.DisposeAsync();
    }
}

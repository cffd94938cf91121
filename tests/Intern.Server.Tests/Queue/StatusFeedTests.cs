using System.Net.Http.Json;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Intern.Server.Tests.Api;
using Intern.Server.Tests.Persistence;
using Intern.Server.Tests.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Intern.Server.Tests.Queue;

/// <summary>
/// The status endpoint answers from memory, and a change made by another process reaches it through
/// PostgreSQL's notifications: the "other process" here is a queue with a feed and cache of its own, which
/// shares nothing with the server but the database. The cache is told to keep answers for ten minutes, so
/// only a notification can make the server see a change within the test's few seconds.
/// </summary>
public sealed class StatusFeedTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    private static readonly Dictionary<string, string> LongCache = new()
    {
        ["StatusCache:MaxAge"] = "00:10:00",
        ["StatusListener:Retry"] = "00:00:00.200",
    };

    [Fact]
    public async Task ChangeByAnotherProcessIsSeenAtOnceAndUnnotifiedChangesAreNot()
    {
        await using var app = new InternApplication(await databases.CreateAsync(), LongCache);
        await app.SeedAsync();
        await WaitAsync(() => app.Services.GetRequiredService<StatusCache>().Notified, "the server listens for status changes");
        using var applicant = app.As("applicant-a");
        var id = await UploadAsync(applicant);
        Assert.Equal("queued", await StatusAsync(applicant, id));

        // Written behind the server's back, with no notification: the cached answer stands (a fresh read would say grading).
        await using (var db = databases.Open(app.Database))
        {
            var job = db.GradingJobs.Where(j => j.SubmissionId == id);
            await job.ExecuteUpdateAsync(set => set.SetProperty(j => j.State, JobState.Running));
            Assert.Equal("queued", await StatusAsync(applicant, id));
            await job.ExecuteUpdateAsync(set => set.SetProperty(j => j.State, JobState.Queued));
        }

        // Another process claims the job through the queue, which notifies: the server sees it at once.
        await using (var db = databases.Open(app.Database))
            Assert.NotNull(await OtherProcessQueue(db).ClaimAsync("another-process", CancellationToken.None));
        await WaitAsync(async () => await StatusAsync(applicant, id) == "grading", "the claim is seen through the notification");
    }

    [Fact]
    public async Task ListenerComesBackAfterTheDatabaseRestarts()
    {
        await using var cluster = await ThrowawayCluster.CreateAsync();
        await using var app = new InternApplication(cluster.Database, LongCache);
        await app.SeedAsync();
        var cache = app.Services.GetRequiredService<StatusCache>();
        await WaitAsync(() => cache.Notified, "the server listens for status changes");
        using var applicant = app.As("applicant-a");
        var id = await UploadAsync(applicant);

        await cluster.StopAsync();
        await WaitAsync(() => !cache.Notified, "the server notices that it lost the listener");
        await cluster.StartAsync();
        await WaitAsync(() => cache.Notified, "the listener reconnects");

        Assert.Equal("queued", await StatusAsync(applicant, id));
        await using (var db = DatabaseRegistration.Create(cluster.Database))
            Assert.NotNull(await OtherProcessQueue(db).ClaimAsync("another-process", CancellationToken.None));
        await WaitAsync(async () => await StatusAsync(applicant, id) == "grading", "the claim is seen through the notification");
    }

    private static JobQueue OtherProcessQueue(InternDb db)
    {
        var cache = new StatusCache(new StatusCacheOptions(), TimeProvider.System);
        return new JobQueue(db, TimeProvider.System, new QueueOptions(), new StatusFeed(new StatusSignals(), cache, NullLogger<StatusFeed>.Instance));
    }

    private static async Task<Guid> UploadAsync(HttpClient applicant)
    {
        using var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent(HostileUploads.Zip(("run", "#!/bin/sh\nexec python3 -c 'print(1)'\n"))), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
        };
        var response = await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), upload);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionsApi.Accepted>())!.Id;
    }

    private static async Task<string> StatusAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<SubmissionsApi.View>(new Uri($"/api/submissions/{id}", UriKind.Relative)))!.Status;

    private static Task WaitAsync(Func<bool> condition, string what) => WaitAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"Waited 20 s for this: {what}.");
            await Task.Delay(50);
        }
    }
}

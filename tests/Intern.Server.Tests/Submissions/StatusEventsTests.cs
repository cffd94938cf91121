using System.Net;
using System.Net.Http.Json;
using Intern.Grading.Results;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Intern.Server.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Submissions;

/// <summary>
/// The live status stream through the real server, with the queue driven by hand from inside the process
/// (so the in-process wake-ups are what the stream follows). The same with a real Docker worker in another
/// process is <see cref="Queue.LiveStatusTests{TDatabases}"/>.
/// </summary>
public sealed class StatusEventsTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    private readonly InternApplication _app = new(settings: new Dictionary<string, string>
    {
        // Long polls, so that only a wake-up from the queue can explain an event arriving quickly.
        ["StatusEvents:Poll"] = "00:00:30",
        ["StatusEvents:KeepAlive"] = "00:00:01",
    });

    public Task InitializeAsync() => _app.SeedAsync();

    private async Task<Guid> UploadAsync()
    {
        var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent(HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"))), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
        };
        var response = await _app.As("applicant-a").PostAsync(new Uri("/api/submissions/", UriKind.Relative), upload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionsApi.Accepted>())!.Id;
    }

    private async Task<T> WithQueueAsync<T>(Func<JobQueue, Task<T>> act)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<JobQueue>());
    }

    [Fact]
    public async Task StreamFollowsTheGradingFromQueuedToGradedAndEnds()
    {
        var id = await UploadAsync();
        await using var stream = await EventStream.OpenAsync(_app.As("applicant-a"), id);
        var queued = await stream.NextAsync(Soon);
        Assert.Equal(("status", "queued", null), (queued!.Name, queued.Status, queued.Phase));

        var job = await WithQueueAsync(q => q.ClaimAsync("by-hand", default));
        Assert.Equal(("grading", "preparing"), (await stream.NextAsync(Soon)) is { } claimed ? (claimed.Status, claimed.Phase) : default);
        await WithQueueAsync(async q => { await q.ReportProgressAsync(job!.Id, "by-hand", JobPhases.Testing, 3, 10, default); return 0; });
        var testing = await stream.NextAsync(Soon);
        Assert.Equal(("testing", 3, 10), (testing!.Phase, testing.Done, testing.Data.GetProperty("total").GetInt32()));
        Assert.False(testing.Data.TryGetProperty("score", out _));

        await WithQueueAsync(q => q.CompleteAsync(job!.Id, "by-hand", new GradingResult { Score = 8, MaxScore = 10 }, default));
        var graded = await stream.NextAsync(Soon);
        Assert.Equal(("graded", null, "final"), (graded!.Status, graded.Phase, graded.Id));
        Assert.True(graded.Data.TryGetProperty("maxScore", out _));
        Assert.Null(await stream.NextAsync(Soon));
    }

    [Fact]
    public async Task GetShowsThePhaseAndCasesOfARunningGrading()
    {
        var id = await UploadAsync();
        var job = await WithQueueAsync(q => q.ClaimAsync("by-hand", default));
        await WithQueueAsync(async q => { await q.ReportProgressAsync(job!.Id, "by-hand", JobPhases.Building, 0, 10, default); return 0; });
        var view = await _app.As("applicant-a").GetFromJsonAsync<SubmissionsApi.View>($"/api/submissions/{id}");
        Assert.Equal(("grading", "building", 0, 10), (view!.Status, view.Phase, view.Done, view.Total));
    }

    [Fact]
    public async Task WaitingStreamSendsKeepAliveComments()
    {
        var id = await UploadAsync();
        await using var stream = await EventStream.OpenAsync(_app.As("applicant-a"), id);
        Assert.Equal("queued", (await stream.NextAsync(Soon))!.Status);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.NextAsync(TimeSpan.FromSeconds(2.5)));
        Assert.Contains("keep-alive", stream.Comments);
    }

    [Fact]
    public async Task ReconnectingAfterTheFinalEventIsToldToStop()
    {
        var id = await UploadAsync();
        var job = await WithQueueAsync(q => q.ClaimAsync("by-hand", default));
        await WithQueueAsync(q => q.CompleteAsync(job!.Id, "by-hand", new GradingResult { Score = 8, MaxScore = 10 }, default));

        await using (var stream = await EventStream.OpenAsync(_app.As("applicant-a"), id))
        {
            Assert.Equal("graded", (await stream.NextAsync(Soon))!.Status);
            Assert.Null(await stream.NextAsync(Soon));
        }
        // What an EventSource sends when it reconnects after the final event: 204 tells it to stop for good.
        using var client = _app.As("applicant-a");
        client.DefaultRequestHeaders.Add("Last-Event-ID", "final");
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync(new Uri($"/api/submissions/{id}/events", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AnotherApplicantGetsNotFoundAndStaffGetsTheStream()
    {
        var id = await UploadAsync();
        var uri = new Uri($"/api/submissions/{id}/events", UriKind.Relative);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.As("applicant-b").GetAsync(uri, HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.As("applicant-b").GetAsync(new Uri($"/api/submissions/{Guid.NewGuid()}/events", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.As(null).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        await using var reviewer = await EventStream.OpenAsync(_app.As("reviewer"), id);
        Assert.Equal("queued", (await reviewer.NextAsync(Soon))!.Status);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();
}

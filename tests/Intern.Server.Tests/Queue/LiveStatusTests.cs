using System.Net;
using System.Net.Http.Json;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Intern.Server.Tests.Api;
using Intern.Server.Tests.Submissions;

namespace Intern.Server.Tests.Queue;

/// <summary>
/// An upload followed live, end to end: the real server in memory, a real worker process grading with real
/// Docker, and the submission's status stream read the way a browser would. The worker is another process,
/// so the stream sees its progress only through the database.
/// </summary>
public abstract class LiveStatusTests<TDatabases>(TDatabases databases) : IClassFixture<TDatabases>
    where TDatabases : TestDatabases
{
    private static readonly Dictionary<string, int> PhaseOrder = new(StringComparer.Ordinal)
    {
        [JobPhases.Preparing] = 0,
        [JobPhases.Building] = 1,
        [JobPhases.Testing] = 2,
        [JobPhases.Checking] = 2,
    };

    [Fact]
    public async Task UploadIsSeenQueuedThenBuildingThenTestingThenGradedInOrder()
    {
        await using var app = new InternApplication(await databases.CreateAsync());
        await app.SeedAsync();
        var upload = new MultipartFormDataContent
        {
            // A build and cases slow enough for each phase to be seen at the stream's half-second poll.
            { new ByteArrayContent(HostileUploads.Zip(
                ("build", "#!/bin/sh\nsleep 2\n"),
                ("run", "#!/bin/sh\nsleep 0.3\nexec python3 -c 'import sys; print(sum(map(int, sys.stdin.read().split())))'\n"))), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
        };
        using var applicant = app.As("applicant-a");
        var accepted = await (await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), upload)).Content.ReadFromJsonAsync<SubmissionsApi.Accepted>();

        await using var stream = await EventStream.OpenAsync(applicant, accepted!.Id);
        var events = new List<ServerEvent> { (await stream.NextAsync(TimeSpan.FromSeconds(10)))! };
        Assert.Equal("queued", events[0].Status);
        using var worker = WorkerProcess.Start(app.Database);
        try
        {
            while (await stream.NextAsync(TimeSpan.FromSeconds(120)) is { } next)
                events.Add(next);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
        }

        var trace = string.Join(", ", events.Select(e => $"{e.Status}/{e.Phase}/{e.Done}"));
        var final = events[^1];
        Assert.True(final.Status == "graded", trace);
        Assert.Equal("final", final.Id);
        Assert.Equal(final.Data.GetProperty("maxScore").GetDouble(), final.Data.GetProperty("score").GetDouble());
        var grading = events.Where(e => e.Status == "grading").ToList();
        Assert.True(events.Skip(1).SkipLast(1).All(e => e.Status == "grading"), trace);
        Assert.Contains(grading, e => e.Phase == JobPhases.Building);
        Assert.Contains(grading, e => e.Phase == JobPhases.Testing);
        // Phases only move forward, and so do the cases done within them.
        var steps = grading.Select(e => (Phase: PhaseOrder[e.Phase!], e.Done)).ToList();
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.Second.Phase > p.First.Phase || (p.Second.Phase == p.First.Phase && p.Second.Done >= p.First.Done)), trace);
        Assert.All(grading.Where(e => e.Phase == JobPhases.Testing), e => Assert.Equal(10, e.Data.GetProperty("total").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await applicant.GetAsync(new Uri($"/api/submissions/{accepted.Id}", UriKind.Relative))).StatusCode);
    }
}

public sealed class LiveStatusOnSqliteTests(SqliteDatabases databases) : LiveStatusTests<SqliteDatabases>(databases);

public sealed class LiveStatusOnPostgresTests(PostgresDatabases databases) : LiveStatusTests<PostgresDatabases>(databases);

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Intern.Grading.Results;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Tests.Persistence;
using Intern.Server.Tests.Submissions;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Intern.Server.Tests.Queue;

/// <summary>
/// PostgreSQL stopped and started again while applicants keep uploading, against a real server process
/// with its in-process grading worker (real Docker) on a cluster of the test's own. During the outage
/// uploads get a prompt 503 and /health says 503; afterwards the server serves again, and every upload
/// that was accepted is graded into exactly one result.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Clients = 3;

    private enum Phase { Before, Down, After }

    private sealed record Attempt(int Client, Phase Phase, HttpStatusCode? Status, string Body, TimeSpan Took)
    {
        public Guid? Accepted => Status == HttpStatusCode.Accepted ? JsonDocument.Parse(Body).RootElement.GetProperty("id").GetGuid() : null;
    }

    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private volatile Phase _phase = Phase.Before;
    private int _uploads;

    [Fact]
    public async Task UploadsDuringARestartGet503AndEveryAcceptedOneIsGradedOnce()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ThrowawayCluster.CreateAsync();
        output.WriteLine($"cluster ready at {clock.Elapsed}");
        var tokens = await TestApplicants.SeedAsync(cluster.Database, 12);
        await using var server = await ServerProcess.StartAsync(cluster.Database, new Dictionary<string, string>
        {
            ["Queue:InProcessWorkers"] = "1",
            ["Queue:Lease"] = "00:00:10",
            ["Queue:Heartbeat"] = "00:00:02",
            ["Queue:Poll"] = "00:00:00.250",
        });
        // A cold server on a busy machine can take many seconds over its first requests (JIT, EF query compilation):
        // warm the read paths up first, so that slow starts are not mistaken for hangs.
        using (var warm = server.Client(tokens[^1], TimeSpan.FromSeconds(60)))
        {
            (await warm.GetAsync(new Uri("/api/rounds/", UriKind.Relative))).EnsureSuccessStatusCode();
            (await warm.GetAsync(new Uri("/api/submissions/", UriKind.Relative))).EnsureSuccessStatusCode();
        }
        output.WriteLine($"server ready at {clock.Elapsed}");
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var clients = Enumerable.Range(0, Clients).Select(c => UploadUntilAcceptedAfterRestartAsync(server, tokens, c, giveUp.Token)).ToArray();

        await WaitForAsync(() => _attempts.Count(a => a.Accepted is not null) >= Clients, "uploads accepted before the restart", server);
        await cluster.StopAsync();
        _phase = Phase.Down;
        output.WriteLine($"database stopped at {clock.Elapsed}");
        var outage = Stopwatch.StartNew();
        var healthWhileDown = await HealthAsync(server);
        // Long enough for the worker, busy with the uploads accepted so far, to finish a grading it cannot save yet.
        await WaitForAsync(() => _attempts.Count(a => a.Phase == Phase.Down) >= 2 * Clients && outage.Elapsed > TimeSpan.FromSeconds(5), "uploads tried while the database is down", server);
        // From here on a client stops at its first accepted upload, so that few gradings remain to wait for.
        _phase = Phase.After;
        await cluster.StartAsync();
        await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        output.WriteLine($"database started and server healthy at {clock.Elapsed}");
        await Task.WhenAll(clients);

        var report = string.Join("\n", _attempts.Select(a => $"client {a.Client} {a.Phase}: {(int?)a.Status} in {a.Took.TotalMilliseconds:F0} ms {a.Body[..Math.Min(a.Body.Length, 160)]}"));
        output.WriteLine(report);
        Assert.True(healthWhileDown == HttpStatusCode.ServiceUnavailable, $"/health answered {(int)healthWhileDown} with the database down.");
        Assert.All(_attempts, a => Assert.True(a.Status is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"Not 202 or 503:\n{report}"));
        Assert.All(_attempts.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.Contains("The database is unavailable", a.Body, StringComparison.Ordinal));
        Assert.Contains(_attempts, a => a.Phase == Phase.Down && a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(_attempts, a => a.Phase == Phase.After && a.Status == HttpStatusCode.Accepted);

        var accepted = _attempts.Select(a => a.Accepted).OfType<Guid>().ToHashSet();
        await WaitForGradingAsync(cluster.Database, accepted, server);
        output.WriteLine($"graded at {clock.Elapsed}\n{server.EntriesOf("Intern.Server.Queue")}");
        await using var db = DatabaseRegistration.Create(cluster.Database);
        Assert.Equal(accepted.Order(), (await db.Submissions.Select(s => s.Id).ToListAsync()).Order());
        foreach (var id in accepted)
        {
            var job = Assert.Single(await db.GradingJobs.Where(j => j.SubmissionId == id).ToListAsync());
            Assert.Equal(JobState.Succeeded, job.State);
            var record = Assert.Single(await db.GradingRecords.Where(r => r.SubmissionId == id).ToListAsync());
            Assert.Equal(record.Id, (await db.Submissions.SingleAsync(s => s.Id == id)).CurrentResultId);
            Assert.Equal(100, ResultJson.Deserialize(record.Json).Score);
        }
        Assert.False(server.HasExited, $"The server died:\n{server.Output}");
    }

    /// <summary>One applicant's client: uploads every quarter second, and stops once an upload is accepted after the restart.</summary>
    private async Task UploadUntilAcceptedAfterRestartAsync(ServerProcess server, IReadOnlyList<string> tokens, int client, CancellationToken giveUp)
    {
        for (var n = 0; !giveUp.IsCancellationRequested; n++)
        {
            // Rotating accounts keeps the per-account upload rate limit out of the picture.
            // An upload never hangs, but the first ones on a cold, busy server may take a while.
            using var http = server.Client(tokens[(client + (Clients * n)) % tokens.Count], TimeSpan.FromSeconds(_phase == Phase.Before ? 45 : 15));
            var phase = _phase;
            var clock = Stopwatch.StartNew();
            Attempt attempt;
            try
            {
                var response = await http.PostAsync(new Uri("/api/submissions/", UriKind.Relative), Upload(Interlocked.Increment(ref _uploads)), giveUp);
                attempt = new Attempt(client, phase, response.StatusCode, await response.Content.ReadAsStringAsync(giveUp), clock.Elapsed);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // No answer at all: the server hung or dropped the connection. The assertions refuse both.
                attempt = new Attempt(client, phase, null, e.Message, clock.Elapsed);
            }
            _attempts.Enqueue(attempt);
            if (phase == Phase.After && attempt.Accepted is not null)
                return;
            await Task.Delay(250, giveUp).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The accepted solution, made unique by a comment so that every upload is its own blob.</summary>
    private static MultipartFormDataContent Upload(int n)
    {
        var zip = new ByteArrayContent(HostileUploads.Zip(("run", "#!/bin/sh\nexec python3 solution.py\n"), ("solution.py", $"# upload {n}\nimport sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n")));
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return new MultipartFormDataContent { { new StringContent("sum"), "task" }, { zip, "file", $"solution-{n}.zip" } };
    }

    private static async Task<HttpStatusCode> HealthAsync(ServerProcess server)
    {
        using var http = server.Client(timeout: TimeSpan.FromSeconds(10));
        return (await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode;
    }

    private static async Task WaitForGradingAsync(DatabaseOptions database, HashSet<Guid> submissions, ServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using (var db = DatabaseRegistration.Create(database))
            {
                var graded = await db.Submissions.CountAsync(s => submissions.Contains(s.Id) && s.CurrentResultId != null);
                if (graded == submissions.Count)
                    return;
                if (clock.Elapsed > TimeSpan.FromSeconds(90) || server.HasExited)
                    throw new TimeoutException($"{graded} of {submissions.Count} accepted submissions were graded:\n{server.Output}");
            }
            await Task.Delay(500);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, ServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30) || server.HasExited)
                throw new TimeoutException($"Waited in vain for {what}:\n{server.Output}");
            await Task.Delay(50);
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Intern.Server.Persistence;
using Intern.Server.Submissions;
using Intern.Server.Tests.Api;
using Intern.Server.Tests.Submissions;
using Npgsql;

namespace Intern.Server.Tests.Queue;

/// <summary>
/// A real `Intern.Server worker` process on PostgreSQL and real Docker, seen from outside the way compose and Kubernetes
/// see it: probes and <c>/metrics</c> on its own port. Its database password arrives as a secret file, not in the
/// connection string, as in the compose deployment.
/// </summary>
public sealed class WorkerProbeTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [Fact]
    public async Task AWorkerIsReadyWithDatabaseAndEngineAndShowsItsGradingsToAdmins()
    {
        var database = await databases.CreateAsync();
        await using var app = new InternApplication(database);
        await app.SeedAsync();
        var (settings, secrets) = PasswordAsSecretFile(database);
        var port = WorkerProcess.FreePort();
        settings["Worker:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var worker = WorkerProcess.Start(new DatabaseOptions { Provider = "postgres", ConnectionString = WithoutPassword(database) }, settings);
        try
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var ready = await WaitForAsync(probe, "/health/ready", HttpStatusCode.OK, worker);
            Assert.Contains("\"engine\":\"reachable\"", ready, StringComparison.Ordinal);
            Assert.Contains("\"database\":\"reachable\"", ready, StringComparison.Ordinal);

            using var applicant = app.As("applicant-a");
            var upload = await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), new MultipartFormDataContent
            {
                { new ByteArrayContent(HostileUploads.Zip(("run", "#!/bin/sh\nexec python3 -c 'import sys; print(sum(map(int, sys.stdin.read().split())))'\n"))), "file", "solution.zip" },
                { new StringContent("sum"), "task" },
            });
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
            var id = (await upload.Content.ReadFromJsonAsync<SubmissionsApi.Accepted>())!.Id;
            await WaitUntilGradedAsync(applicant, id);

            Assert.Equal(HttpStatusCode.Unauthorized, (await probe.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
            using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            using var admin = app.As("admin");
            scrape.Headers.Authorization = admin.DefaultRequestHeaders.Authorization;
            var metrics = await probe.SendAsync(scrape);
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            var text = await metrics.Content.ReadAsStringAsync();
            Assert.Contains("intern_grading_phase_duration_seconds_count{otel_scope_name=\"Intern\",phase=\"test\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("intern_gradings_total{otel_scope_name=\"Intern\",outcome=\"graded\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("intern_sandbox_overhead_duration_seconds_count{otel_scope_name=\"Intern.Sandbox\",step=\"start\"}", text, StringComparison.Ordinal);
            Assert.Contains("intern_queue_depth{otel_scope_name=\"Intern\",state=\"succeeded\"} 1", text, StringComparison.Ordinal);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            Directory.Delete(secrets, recursive: true);
        }
    }

    [Fact]
    public async Task AWorkerWithoutItsEngineIsLiveButNotReady()
    {
        var database = await databases.CreateAsync();
        var port = WorkerProcess.FreePort();
        var nowhere = Path.Combine(Path.GetTempPath(), $"intern-no-docker-{Guid.NewGuid():N}.sock");
        using var worker = WorkerProcess.Start(database, new Dictionary<string, string>
        {
            ["Worker:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DOCKER_HOST"] = "unix://" + nowhere,
        });
        try
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitForAsync(probe, "/health/live", HttpStatusCode.OK, worker);
            // The first database round trip of a fresh process may outlast a probe's timeout on a busy machine.
            var body = await WaitForAsync(probe, "/health/ready", HttpStatusCode.ServiceUnavailable, worker,
                b => b.Contains("\"database\":\"reachable\"", StringComparison.Ordinal));
            Assert.Contains("\"engine\":\"unreachable\"", body, StringComparison.Ordinal);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Settings that point the worker at a secrets folder holding <c>Database__Password</c>, and that folder.</summary>
    private static (Dictionary<string, string> Settings, string Folder) PasswordAsSecretFile(DatabaseOptions database)
    {
        var folder = Directory.CreateTempSubdirectory("intern-secrets-").FullName;
        File.WriteAllText(Path.Combine(folder, "Database__Password"), new NpgsqlConnectionStringBuilder(database.ConnectionString).Password + "\n");
        return (new Dictionary<string, string> { ["Secrets:Folder"] = folder }, folder);
    }

    private static string WithoutPassword(DatabaseOptions database) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = null }.ConnectionString;

    private static async Task<string> WaitForAsync(HttpClient client, string path, HttpStatusCode status, Process worker, Func<string, bool>? body = null)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(worker.HasExited, $"The worker exited with {(worker.HasExited ? worker.ExitCode : 0)}.");
            try
            {
                var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                var text = await response.Content.ReadAsStringAsync();
                last = $"{(int)response.StatusCode} {text}";
                if (response.StatusCode == status && (body is null || body(text)))
                    return text;
            }
            catch (HttpRequestException e)
            {
                last = e.Message; // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{path} did not answer {(int)status} within 90 s; last: {last}");
    }

    private static async Task WaitUntilGradedAsync(HttpClient applicant, Guid id)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            var status = await applicant.GetStringAsync(new Uri($"/api/submissions/{id}", UriKind.Relative));
            if (status.Contains("\"graded\"", StringComparison.Ordinal))
                return;
            await Task.Delay(300);
        }
        throw new TimeoutException($"Submission {id} was not graded within 3 minutes.");
    }
}

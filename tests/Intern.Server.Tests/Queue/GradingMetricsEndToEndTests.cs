using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Intern.Server.Submissions;
using Intern.Server.Tests.Api;
using Intern.Server.Tests.Submissions;

namespace Intern.Server.Tests.Queue;

/// <summary>
/// One grading by an in-process worker on real Docker, seen through <c>/metrics</c> and the server's log: the phase
/// histogram, the verdict and outcome counters, and the grading's log lines under its submission's scope.
/// </summary>
public sealed partial class GradingMetricsEndToEndTests
{
    [Fact]
    public async Task AGradingShowsItsPhasesAndVerdictsAndLogsUnderItsSubmission()
    {
        await using var app = new InternApplication(settings: new Dictionary<string, string> { ["Queue:InProcessWorkers"] = "1" });
        await app.SeedAsync();
        using var applicant = app.As("applicant-a");
        var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent(HostileUploads.Zip(
                ("run", "#!/bin/sh\nexec python3 -c 'import sys; print(sum(map(int, sys.stdin.read().split())))'\n"))), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
        };
        var response = await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), upload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<SubmissionsApi.Accepted>();

        // The worker logs a job's end after recording its metrics.
        var giveUp = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(3);
        while (!app.Log.Lines.Any(Finished) && TimeProvider.System.GetUtcNow() < giveUp)
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        using var admin = app.As("admin");
        var text = await admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.True(Value(text, "intern_gradings_total", "outcome=\"graded\"") == 1, text + string.Join('\n', app.Log.Lines));
        Assert.DoesNotContain("outcome=\"platform_error\"", text, StringComparison.Ordinal);
        // Every case of the fixture passes: one AC each, and nothing else.
        Assert.True(Value(text, "intern_verdicts_total", "verdict=\"AC\"") >= 1, text);
        Assert.DoesNotContain("verdict=\"WA\"", text, StringComparison.Ordinal);
        foreach (var phase in new[] { "queued", "prepare", "test" })
            Assert.True(Value(text, "intern_grading_phase_duration_seconds_count", $"phase=\"{phase}\"") == 1, phase + "\n" + text);
        // The sandbox's own cost: at least the candidate's container was started and removed.
        foreach (var step in new[] { "start", "remove" })
            Assert.True(Value(text, "intern_sandbox_overhead_duration_seconds_count", $"step=\"{step}\"") >= 1, step + "\n" + text);
        var finished = Assert.Single(app.Log.ScopedLines, l => Finished(l.Line));
        Assert.Contains($"Submission {accepted!.Id}", finished.Scopes, StringComparison.Ordinal);
    }

    private static bool Finished(string line) => line.Contains("GradingWorker", StringComparison.Ordinal) && line.Contains("finished", StringComparison.Ordinal);

    private static double Value(string text, string metric, string label)
    {
        var sample = Sample().Matches(text).FirstOrDefault(m => m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal));
        return sample is null ? double.NaN : double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}

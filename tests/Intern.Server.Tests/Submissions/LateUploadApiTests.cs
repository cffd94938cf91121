using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intern.Grading.Results;
using Intern.Server.Queue;
using Intern.Server.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Submissions;

/// <summary>
/// An applicant is told what their own upload loses for coming after the round's deadline, by the rule reviewers score with,
/// and nothing of what only reviewers see; an upload on time, or for a task without a penalty, carries nothing.
/// </summary>
public abstract class LateUploadApiTests<TDatabases>(TDatabases databases) : SeededApplicationTests<TDatabases>(databases)
    where TDatabases : TestDatabases
{
    private static readonly string[] RoundTasks = ["sum", "wordfreq", "concat"];
    private static readonly string[] LateFields = ["deadline", "lateBy", "penaltyPercent", "percentPerDay"];

    [Fact]
    public async Task AnUploadMadeLateByAnEarlierDeadlineTellsItsApplicantWhatItLoses()
    {
        using var applicant = App.As("applicant-a");
        var wordfreq = await UploadAsync(applicant, "wordfreq");
        await GradeNextAsync();
        var sum = await UploadAsync(applicant, "sum");

        // On time: nothing to say, and the round tells the policy of each task beforehand.
        Assert.Null(Late(await ViewAsync(applicant, wordfreq)));
        var tasks = (await ReadAsync(await applicant.GetAsync(new Uri("/api/rounds/", UriKind.Relative))))[0].GetProperty("tasks").EnumerateArray()
            .ToDictionary(t => t.GetProperty("slug").GetString()!, t => t.GetProperty("latePenaltyPercentPerDay").GetDouble());
        Assert.Equal((10, 0), (tasks["wordfreq"], tasks["sum"]));

        // The admin moves the deadline to 25 hours before the wordfreq upload: two started days late, 10 % each.
        var uploadedAt = (await ViewAsync(applicant, wordfreq)).GetProperty("createdAt").GetDateTimeOffset();
        var deadline = uploadedAt.AddHours(-25);
        using var admin = App.As("admin");
        var moved = new { name = "Test round", deadline, maxSubmissions = 5, tasks = RoundTasks };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/rounds/{App.RoundId}", moved)).StatusCode);

        var view = await ViewAsync(applicant, wordfreq);
        var late = Late(view) ?? throw new InvalidOperationException("The late upload says nothing about its penalty.");
        Assert.Equal(LateFields, late.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((10, 20), (late.GetProperty("percentPerDay").GetDouble(), late.GetProperty("penaltyPercent").GetDouble()));
        Assert.Equal(deadline, late.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(25), TimeSpan.Parse(late.GetProperty("lateBy").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        // Still the applicant's view: the hidden test only as a count, and no score of the review or the final one.
        Assert.Equal(1, view.GetProperty("result").GetProperty("hidden").GetProperty("count").GetInt32());
        Assert.DoesNotContain("hidden/01", view.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("final", view.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("review", view.GetRawText(), StringComparison.OrdinalIgnoreCase);

        // A task without a penalty loses nothing however late; the history says what the single view says.
        Assert.Null(Late(await ViewAsync(applicant, sum)));
        var history = (await ReadAsync(await applicant.GetAsync(new Uri("/api/submissions/", UriKind.Relative)))).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), Late);
        Assert.Equal(20, history[wordfreq]?.GetProperty("penaltyPercent").GetDouble());
        Assert.Null(history[sum]);

        // Reviewers see the same number on their sheet.
        var sheet = await ReadAsync(await admin.GetAsync(new Uri($"/api/reviews/{wordfreq}", UriKind.Relative)));
        Assert.Equal(20, sheet.GetProperty("latePenalty").GetDouble());
    }

    private static JsonElement? Late(JsonElement view) =>
        view.TryGetProperty("late", out var late) && late.ValueKind != JsonValueKind.Null ? late : null;

    private static async Task<JsonElement> ViewAsync(HttpClient client, Guid id) =>
        await ReadAsync(await client.GetAsync(new Uri($"/api/submissions/{id}", UriKind.Relative)));

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<Guid> UploadAsync(HttpClient applicant, string task)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"))), "file", "solution.zip" },
            { new StringContent(task), "task" },
            { new StringContent(App.RoundId.ToString()), "round" },
        };
        var response = await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Stores the waiting job's result, with a visible and a hidden test, as a worker would.</summary>
    private async Task GradeNextAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.ClaimAsync("test-worker", default);
        Assert.NotNull(job);
        await queue.CompleteAsync(job.Id, "test-worker", new GradingResult
        {
            Score = 70,
            MaxScore = 100,
            Tests =
            [
                new TestResult { Name = "public/01", Score = 40, MaxScore = 40, Verdict = TestVerdict.AC },
                new TestResult { Name = "hidden/01", Score = 30, MaxScore = 60, Verdict = TestVerdict.PA, Visibility = "hidden" },
            ],
        }, default);
    }
}

public sealed class LateUploadApiOnSqliteTests(SqliteDatabases databases) : LateUploadApiTests<SqliteDatabases>(databases);

public sealed class LateUploadApiOnPostgresTests(PostgresDatabases databases) : LateUploadApiTests<PostgresDatabases>(databases);

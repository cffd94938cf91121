using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intern.Grading.Results;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Api;

/// <summary>
/// Rejudging a task of a round through the admin API: preview gradings stay invisible until applied, applying makes them
/// current at once, and applicants' own gradings go first. Gradings are stored as a worker would, with chosen scores.
/// </summary>
public abstract class RejudgesApiTests<TDatabases>(TDatabases databases) : SeededApplicationTests<TDatabases>(databases)
    where TDatabases : TestDatabases
{
    private static readonly byte[] Solution = Submissions.HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"));

    private Uri Start => new($"/api/admin/rounds/{App.RoundId}/sum/rejudge", UriKind.Relative);

    [Fact]
    public async Task APreviewChangesNothingUntilAppliedAndThenEverythingAtOnce()
    {
        using var a = App.As("applicant-a");
        using var b = App.As("applicant-b");
        var first = await UploadAsync(a);
        var second = await UploadAsync(b);
        await GradeNextAsync(first, passed: 3);
        await GradeNextAsync(second, passed: 3);

        using var admin = App.As("admin");
        var started = await ReadAsync(await admin.PostAsync(Start, null), HttpStatusCode.Created);
        var id = started.GetProperty("id").GetGuid();
        Assert.Equal((2, 2, "previewing"), (started.GetProperty("total").GetInt32(), started.GetProperty("pending").GetInt32(), started.GetProperty("state").GetString()));
        // The applicant sees a graded submission, not a grading one, while the preview waits and runs.
        Assert.Equal("graded", (await ReadAsync(await a.GetAsync(Status(first)), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(Apply(id), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(Start, null)).StatusCode);

        // The changed tests drop one of the applicant's passes; the other applicant's score stays.
        var passes = new Dictionary<Guid, int> { [first] = 2, [second] = 3 };
        passes.Remove(await GradeNextAsync(passes, preview: true));
        Assert.Equal("graded", (await ReadAsync(await a.GetAsync(Status(first)), HttpStatusCode.OK)).GetProperty("status").GetString());
        await GradeNextAsync(passes, preview: true);
        var preview = await ReadAsync(await admin.GetAsync(new Uri($"/api/admin/rejudges/{id}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.True(preview.GetProperty("ready").GetBoolean());
        Assert.Equal(1, preview.GetProperty("changed").GetInt32());
        var changed = preview.GetProperty("items")[0];
        Assert.Equal(first, changed.GetProperty("submission").GetGuid());
        Assert.Equal((3.0, 2.0), (changed.GetProperty("before").GetDouble(), changed.GetProperty("after").GetDouble()));
        var test = Assert.Single(changed.GetProperty("tests").EnumerateArray());
        Assert.Equal(("hidden/3", "AC", "WA"), (test.GetProperty("test").GetString(), test.GetProperty("before").GetString(), test.GetProperty("after").GetString()));
        Assert.False(preview.GetProperty("items")[1].GetProperty("changed").GetBoolean());
        // Nothing is current yet: the applicant still has the old score.
        Assert.Equal(3, (await ReadAsync(await a.GetAsync(Status(first)), HttpStatusCode.OK)).GetProperty("result").GetProperty("score").GetDouble());

        var applied = await ReadAsync(await admin.PostAsync(Apply(id), null), HttpStatusCode.OK);
        Assert.Equal((2, 1), (applied.GetProperty("results").GetInt32(), applied.GetProperty("changed").GetInt32()));
        Assert.Equal(2, (await ReadAsync(await a.GetAsync(Status(first)), HttpStatusCode.OK)).GetProperty("result").GetProperty("score").GetDouble());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(Apply(id), null)).StatusCode);
        // Afterwards the rejudge still says what it changed, against the results it replaced.
        var after = await ReadAsync(await admin.GetAsync(new Uri($"/api/admin/rejudges/{id}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(("applied", 1, 2), (after.GetProperty("state").GetString(), after.GetProperty("changed").GetInt32(), after.GetProperty("applied").GetInt32()));
        Assert.Equal(3.0, after.GetProperty("items")[0].GetProperty("before").GetDouble());
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        // Both results are kept; the preview's is current, and later gradings use the version it was graded against.
        var records = await db.GradingRecords.Where(r => r.SubmissionId == first).ToListAsync();
        Assert.Equal(2, records.Count);
        var current = (await db.Submissions.SingleAsync(s => s.Id == first)).CurrentResultId;
        Assert.Equal(records.Single(r => r.RejudgeId == id).Id, current);
    }

    [Fact]
    public async Task ApplicantsGradingsGoBeforePreviewsAndADiscardedPreviewLeavesNothingQueued()
    {
        using var a = App.As("applicant-a");
        var first = await UploadAsync(a);
        await GradeNextAsync(first, passed: 3);
        using var admin = App.As("admin");
        var id = (await ReadAsync(await admin.PostAsync(Start, null), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // Queued after the preview, graded before it.
        using var b = App.As("applicant-b");
        var late = await UploadAsync(b);
        await GradeNextAsync(late, passed: 1);

        await ReadAsync(await admin.PostAsync(new Uri($"/api/admin/rejudges/{id}/discard", UriKind.Relative), null), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(Apply(id), null)).StatusCode);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
            Assert.Null(await queue.ClaimAsync("test-worker", default));
        }
        // Discarded, the task can be rejudged again; b's submission is graded now, so it joins.
        var again = await ReadAsync(await admin.PostAsync(Start, null), HttpStatusCode.Created);
        Assert.Equal(2, again.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ASubmissionGradedAgainMeanwhileKeepsThatGradingWhenTheRejudgeIsApplied()
    {
        using var a = App.As("applicant-a");
        var first = await UploadAsync(a);
        await GradeNextAsync(first, passed: 3);
        using var admin = App.As("admin");
        var id = (await ReadAsync(await admin.PostAsync(Start, null), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        // A regrade cannot join while the preview grades the submission...
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(new Uri($"/api/admin/submissions/{first}/regrade", UriKind.Relative), null)).StatusCode);
        await GradeNextAsync(new Dictionary<Guid, int> { [first] = 1 }, preview: true);
        // ...but once the preview is done an admin may regrade it, and applying then leaves it to that regrade.
        await ReadAsync(await admin.PostAsync(new Uri($"/api/admin/submissions/{first}/regrade", UriKind.Relative), null), HttpStatusCode.Accepted);
        var applied = await ReadAsync(await admin.PostAsync(Apply(id), null), HttpStatusCode.OK);
        Assert.Equal(0, applied.GetProperty("results").GetInt32());
        Assert.Equal(3, (await ReadAsync(await a.GetAsync(Status(first)), HttpStatusCode.OK)).GetProperty("result").GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task ARejudgeNeedsGradedWorkAndATaskOfTheRound()
    {
        using var admin = App.As("admin");
        var nothing = await admin.PostAsync(Start, null);
        Assert.Equal(HttpStatusCode.Conflict, nothing.StatusCode);
        Assert.Contains("No applicant", await nothing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(new Uri($"/api/admin/rounds/{App.RoundId}/not-a-task/rejudge", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/admin/rejudges/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
        using var a = App.As("applicant-a");
        var waiting = await UploadAsync(a);
        // Still waiting for its first grading: its next result uses the package as it is, so there is nothing to redo.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(Start, null)).StatusCode);
        await GradeNextAsync(waiting, passed: 3);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync(Start, null)).StatusCode);
    }

    private static Uri Status(Guid submission) => new($"/api/submissions/{submission}", UriKind.Relative);

    private static Uri Apply(Guid rejudge) => new($"/api/admin/rejudges/{rejudge}/apply", UriKind.Relative);

    private async Task<Guid> UploadAsync(HttpClient applicant)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Solution), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
            { new StringContent(App.RoundId.ToString()), "round" },
        };
        return (await ReadAsync(await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), form), HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
    }

    private Task<Guid> GradeNextAsync(Guid submission, int passed) => GradeNextAsync(new Dictionary<Guid, int> { [submission] = passed }, preview: false);

    /// <summary>
    /// Claims the next job, which must be one of <paramref name="passes"/>' submissions (a preview one when <paramref name="preview"/>),
    /// stores 3 tests with as many passing as the submission's entry says, and returns the submission.
    /// </summary>
    private async Task<Guid> GradeNextAsync(Dictionary<Guid, int> passes, bool preview)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.ClaimAsync("test-worker", default);
        Assert.NotNull(job);
        Assert.Contains(job.SubmissionId, passes.Keys);
        Assert.Equal(preview, job.RejudgeId is not null);
        var passed = passes[job.SubmissionId];
        var tests = Enumerable.Range(1, 3).Select(i => new TestResult
        {
            Name = $"hidden/{i}",
            Group = "hidden",
            Visibility = "visible",
            Verdict = i <= passed ? TestVerdict.AC : TestVerdict.WA,
            Score = i <= passed ? 1 : 0,
            MaxScore = 1,
        }).ToList();
        await queue.CompleteAsync(job.Id, "test-worker", new GradingResult { Score = passed, MaxScore = 3, Tests = tests }, default);
        return job.SubmissionId;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }
}

public sealed class RejudgesApiOnSqliteTests(SqliteDatabases databases) : RejudgesApiTests<SqliteDatabases>(databases);

public sealed class RejudgesApiOnPostgresTests(PostgresDatabases databases) : RejudgesApiTests<PostgresDatabases>(databases);

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Intern.Grading.Results;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Api;

/// <summary>Rounds and invitations through the HTTP API: enrol by link, submit within the round's rules, release hidden results after the deadline.</summary>
public sealed class RoundsApiTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] Sum = ["sum"];
    private static readonly string[] Typo = ["summ"];
    private readonly InternApplication _app = new();

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public Task InitializeAsync() => _app.SeedAsync();

    [Fact]
    public async Task AnInvitedApplicantEnrolsSubmitsAndSeesWhatIsLeft()
    {
        using var admin = _app.As("admin");
        var round = await ReadAsync(await admin.PostAsJsonAsync("/api/rounds/", new { name = "Spring interns", deadline = Now.AddDays(3), maxSubmissions = 2, tasks = Sum }), HttpStatusCode.Created);
        var roundId = round.GetProperty("id").GetGuid();
        var invite = await ReadAsync(await admin.PostAsJsonAsync("/api/invitations/", new { role = "applicant", roundId, email = "ada@example.test" }), HttpStatusCode.Created);
        var secret = invite.GetProperty("link").GetString()!.Split("/invite/")[1];

        using var anonymous = _app.As(null);
        var info = await ReadAsync(await anonymous.GetAsync(new Uri($"/api/invitations/{secret}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal("Spring interns", info.GetProperty("round").GetString());
        var wrongEmail = await anonymous.PostAsJsonAsync($"/api/invitations/{secret}/accept", new { email = "eve@example.test", password = InternApplication.Password });
        Assert.Equal(HttpStatusCode.Forbidden, wrongEmail.StatusCode);
        Assert.Contains("another email address", await wrongEmail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ReadAsync(await anonymous.PostAsJsonAsync($"/api/invitations/{secret}/accept", new { email = "ada@example.test", password = InternApplication.Password, displayName = "Ada" }), HttpStatusCode.OK);
        var again = await anonymous.PostAsJsonAsync($"/api/invitations/{secret}/accept", new { email = "ada@example.test", password = InternApplication.Password });
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);

        using var ada = await ClientForAsync("ada@example.test");
        var uploaded = await ReadAsync(await UploadAsync(ada, "sum", roundId), HttpStatusCode.Accepted);
        // What was uploaded comes back byte for byte to its applicant, and to nobody else of the applicants.
        var archive = new Uri($"/api/submissions/{uploaded.GetProperty("id").GetGuid()}/archive", UriKind.Relative);
        Assert.Equal(Solution, await ada.GetByteArrayAsync(archive));
        using (var other = _app.As("applicant-b"))
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(archive)).StatusCode);
        var mine = await ReadAsync(await ada.GetAsync(new Uri($"/api/rounds/{roundId}", UriKind.Relative)), HttpStatusCode.OK);
        var sum = mine.GetProperty("tasks")[0];
        Assert.Equal((1, 1, "queued"), (sum.GetProperty("used").GetInt32(), sum.GetProperty("left").GetInt32(), sum.GetProperty("latestStatus").GetString()));
        var notOffered = await UploadAsync(ada, "wordfreq", roundId);
        Assert.Equal(HttpStatusCode.Forbidden, notOffered.StatusCode);
        Assert.Contains("not open in Spring interns", await notOffered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Other applicants do not see the round at all.
        using var b = _app.As("applicant-b");
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync(new Uri($"/api/rounds/{roundId}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain((await ReadAsync(await b.GetAsync(new Uri("/api/rounds/", UriKind.Relative)), HttpStatusCode.OK)).EnumerateArray(),
            r => r.GetProperty("id").GetGuid() == roundId);
    }

    [Fact]
    public async Task AReviewerInvitationMakesAReviewer()
    {
        using var admin = _app.As("admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/invitations/", new { role = "reviewer" })).StatusCode);
        var invite = await ReadAsync(await admin.PostAsJsonAsync("/api/invitations/", new { role = "reviewer", email = "grace@example.test" }), HttpStatusCode.Created);
        var secret = invite.GetProperty("link").GetString()!.Split("/invite/")[1];
        // An applicant holding a forwarded reviewer link cannot turn their own account into a reviewer's.
        using var applicant = _app.As("applicant-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.PostAsJsonAsync($"/api/invitations/{secret}/accept", new { })).StatusCode);
        var forApplicant = await ReadAsync(await admin.PostAsJsonAsync("/api/invitations/", new { role = "reviewer", email = "applicant-a@example.test" }), HttpStatusCode.Created);
        var escalation = await applicant.PostAsJsonAsync($"/api/invitations/{forApplicant.GetProperty("link").GetString()!.Split("/invite/")[1]}/accept", new { });
        Assert.Equal(HttpStatusCode.Conflict, escalation.StatusCode);
        Assert.Contains("cannot become a reviewer", await escalation.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var anonymous = _app.As(null);
        var shown = await ReadAsync(await anonymous.GetAsync(new Uri($"/api/invitations/{secret}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal("g***@example.test", shown.GetProperty("email").GetString());
        var accepted = await ReadAsync(await anonymous.PostAsJsonAsync($"/api/invitations/{secret}/accept", new { email = "grace@example.test", password = InternApplication.Password }), HttpStatusCode.OK);
        Assert.Equal("reviewer", accepted.GetProperty("role").GetString());
        using var grace = await ClientForAsync("grace@example.test");
        Assert.Equal(HttpStatusCode.OK, (await grace.GetAsync(new Uri("/api/tasks/versions", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/invitations/", new { role = "admin" })).StatusCode);
    }

    [Fact]
    public async Task HiddenResultsShowOnlyAfterTheRoundReleasesThemAfterItsDeadline()
    {
        using var a = _app.As("applicant-a");
        var upload = await ReadAsync(await UploadAsync(a, "sum", _app.RoundId), HttpStatusCode.Accepted);
        var submissionId = upload.GetProperty("id").GetGuid();
        await GradeAsync(submissionId);

        var before = await ReadAsync(await a.GetAsync(new Uri($"/api/submissions/{submissionId}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(["public/1"], before.GetProperty("result").GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("name").GetString()));

        using var admin = _app.As("admin");
        var early = await admin.PostAsync(new Uri($"/api/rounds/{_app.RoundId}/release", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        var closed = new { name = "Test round", deadline = Now.AddMinutes(-1), maxSubmissions = 5, tasks = new[] { "sum", "wordfreq", "concat" } };
        await ReadAsync(await admin.PutAsJsonAsync($"/api/rounds/{_app.RoundId}", closed), HttpStatusCode.OK);
        var late = await UploadAsync(a, "sum", _app.RoundId);
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Contains("uploads are closed", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ReadAsync(await admin.PostAsync(new Uri($"/api/rounds/{_app.RoundId}/release", UriKind.Relative), null), HttpStatusCode.OK);

        var after = await ReadAsync(await a.GetAsync(new Uri($"/api/submissions/{submissionId}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(["public/1", "late/1"], after.GetProperty("result").GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task AnAdminsRegradeMakesANewCurrentResultAndKeepsTheOldOne()
    {
        using var a = _app.As("applicant-a");
        var submissionId = (await ReadAsync(await UploadAsync(a, "sum", _app.RoundId), HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        await GradeAsync(submissionId);
        using var admin = _app.As("admin");
        var regrade = new Uri($"/api/admin/submissions/{submissionId}/regrade", UriKind.Relative);
        await ReadAsync(await admin.PostAsync(regrade, null), HttpStatusCode.Accepted);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(regrade, null)).StatusCode);
        await GradeAsync(submissionId);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var records = await db.GradingRecords.Where(r => r.SubmissionId == submissionId).OrderBy(r => r.CreatedAt).ToListAsync();
        Assert.Equal(2, records.Count);
        Assert.Equal(records[1].Id, (await db.Submissions.SingleAsync(s => s.Id == submissionId)).CurrentResultId);
    }

    [Fact]
    public async Task ARoundNamesOnlyTasksTheServerHas()
    {
        using var admin = _app.As("admin");
        var refused = await admin.PostAsJsonAsync("/api/rounds/", new { name = "Typo", deadline = Now.AddDays(3), maxSubmissions = 2, tasks = Typo });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("unknown: summ", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Stores a result with a visible, a hidden and an after-deadline test, as a worker would.</summary>
    private async Task GradeAsync(Guid submissionId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.ClaimAsync("test-worker", default);
        Assert.Equal(submissionId, job!.SubmissionId);
        TestResult Test(string name, string visibility) => new() { Name = name, Visibility = visibility, Verdict = TestVerdict.AC, Score = 1, MaxScore = 1 };
        await queue.CompleteAsync(job.Id, "test-worker", new GradingResult { Score = 3, MaxScore = 3, Tests = [Test("public/1", "visible"), Test("hidden/1", "hidden"), Test("late/1", "after_due_date")] }, default);
        Assert.NotNull((await db.Submissions.SingleAsync(s => s.Id == submissionId)).CurrentResultId);
    }

    private static readonly byte[] Solution = Submissions.HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"));

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string task, Guid round) =>
        client.PostAsync(new Uri("/api/submissions/", UriKind.Relative), new MultipartFormDataContent
        {
            { new ByteArrayContent(Solution), "file", "solution.zip" },
            { new StringContent(task), "task" },
            { new StringContent(round.ToString()), "round" },
        });

    /// <summary>A client with a fresh personal access token of the account with <paramref name="email"/>.</summary>
    private async Task<HttpClient> ClientForAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var (token, secret) = PersonalAccessToken.Create(user.Id, "tests", TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(1));
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync();
        var client = _app.As(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();
}

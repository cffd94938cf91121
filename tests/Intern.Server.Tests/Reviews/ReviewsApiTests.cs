using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Intern.Grading.Results;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Reviews;
using Intern.Server.Rounds;
using Intern.Server.Tests.Api;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Reviews;

/// <summary>
/// The review workflow through the HTTP API on both providers: a blind round, two reviewers who score independently,
/// identity hidden from every response a reviewer reaches until the reviews are locked, the table, its CSV and a decision.
/// </summary>
public abstract partial class ReviewsApiTests(TestDatabases databases) : IAsyncLifetime, IDisposable
{
    private const string Name = "Ada Lovelace";
    private const string Email = "ada.lovelace@example.test";
    private static readonly string[] Sum = ["sum"];
    private static readonly string[] Wordfreq = ["wordfreq"];
    private static readonly HttpStatusCode[] Settled = [HttpStatusCode.OK, HttpStatusCode.Conflict];
    private InternApplication _app = default!;

    public async Task InitializeAsync()
    {
        _app = new InternApplication(databases.Provider == "sqlite" ? null : await databases.CreateAsync(migrate: false));
        await _app.SeedAsync();
    }

    [Fact]
    public async Task TwoReviewersScoreABlindSubmissionIndependentlyAndTheTableShowsTheirDisagreement()
    {
        using var admin = _app.As("admin");
        var round = (await ReadAsync(await admin.PostAsJsonAsync("/api/rounds/", new { name = "Blind round", deadline = TimeProvider.System.GetUtcNow().AddDays(3), maxSubmissions = 3, tasks = Sum, blindReview = true }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var ada = await ApplicantAsync(round);
        var submission = await UploadAsync(ada, round, "ada-lovelace-solution.zip");
        await GradeAsync();
        using var second = await StaffAsync("reviewer-2", AccountRegistration.Reviewer);
        var assigned = await ReadAsync(await admin.PostAsJsonAsync($"/api/reviews/rounds/{round}/sum/assign", new { reviewersPerSubmission = 2 }), HttpStatusCode.OK);
        Assert.Equal(2, assigned.GetProperty("assignments").GetInt32());
        using var first = _app.As("reviewer");

        var queue = await ReadAsync(await first.GetAsync(new Uri("/api/reviews/queue", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(submission, queue.GetProperty("next").GetGuid());
        var pseudonym = queue.GetProperty("items")[0].GetProperty("applicant").GetString()!;
        Assert.Matches("^[A-Z][a-z]+ [A-Z][a-z]+ [0-9A-F]{2}$", pseudonym);
        await AssertBlindAsync(first, submission, round);

        var sheet = await ReadAsync(await first.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(pseudonym, sheet.GetProperty("applicant").GetString());
        Assert.Contains(sheet.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == $"notes/{pseudonym.Replace(' ', '-')}-notes.md");
        Assert.Equal("report.md", sheet.GetProperty("report").GetString());
        Assert.Equal(2, sheet.GetProperty("rubric").GetProperty("criteria").GetArrayLength());
        Assert.Equal(75, sheet.GetProperty("autoPercent").GetDouble());

        // Drafts as the reviewer works; submitting needs every criterion; a submitted review is locked.
        await ReadAsync(await first.PutAsJsonAsync($"/api/reviews/{submission}/draft", Scores(("code", 10, "reads once"))), HttpStatusCode.OK);
        var draft = await ReadAsync(await first.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal("draft", draft.GetProperty("mine").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await first.PostAsJsonAsync($"/api/reviews/{submission}/submit", Scores(("code", 10, "")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await first.PutAsJsonAsync($"/api/reviews/{submission}/draft", Scores(("code", 7, "")))).StatusCode);
        await ReadAsync(await first.PostAsJsonAsync($"/api/reviews/{submission}/submit", Scores(("code", 10, "clean"), ("report", 10, "thorough"))), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PutAsJsonAsync($"/api/reviews/{submission}/draft", Scores(("code", 0, "")))).StatusCode);

        // Another reviewer's draft is theirs until submitted, even a draft that names the applicant.
        await ReadAsync(await second.PutAsJsonAsync($"/api/reviews/{submission}/draft", Scores(("code", 5, $"{Name} loops twice"))), HttpStatusCode.OK);
        var firstAfter = await ReadAsync(await first.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(0, firstAfter.GetProperty("others").GetArrayLength());
        Assert.DoesNotContain(Name, firstAfter.GetRawText(), StringComparison.Ordinal);

        // The second reviewer sees nothing of the first review before submitting their own.
        var before = await ReadAsync(await second.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(0, before.GetProperty("others").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("reviewPercent").ValueKind);
        await AssertBlindAsync(first, submission, round);
        await ReadAsync(await second.PostAsJsonAsync($"/api/reviews/{submission}/submit", Scores(("code", 5, "loops twice"), ("report", 0, "none"))), HttpStatusCode.OK);

        var after = await ReadAsync(await second.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal(1, after.GetProperty("others").GetArrayLength());
        Assert.True(after.GetProperty("disagreement").GetBoolean());
        Assert.Equal(62.5, after.GetProperty("reviewPercent").GetDouble());
        // Every review locked: the identity is revealed.
        Assert.Equal(Name, after.GetProperty("applicant").GetString());

        var table = await ReadAsync(await admin.GetAsync(new Uri($"/api/reviews/rounds/{round}/sum", UriKind.Relative)), HttpStatusCode.OK);
        var row = table.GetProperty("rows")[0];
        Assert.Equal((Name, Email, "reviewed", true), (row.GetProperty("applicant").GetString(), row.GetProperty("email").GetString(), row.GetProperty("status").GetString(), row.GetProperty("disagreement").GetBoolean()));
        // sum weighs auto 80, review 20: 0.8 * 75 + 0.2 * 62.5.
        Assert.Equal(72.5, row.GetProperty("final").GetDouble());
        var csv = await admin.GetStringAsync(new Uri($"/api/reviews/rounds/{round}/sum/applicants.csv", UriKind.Relative));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{Name},{Email},{pseudonym},{submission},", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",1,75,62.5,72.5,reviewed,2,2,yes,,,0", lines[1], StringComparison.Ordinal);

        var applicantId = row.GetProperty("applicantId").GetGuid();
        var decided = await ReadAsync(await admin.PutAsJsonAsync($"/api/reviews/rounds/{round}/sum/decisions/{applicantId}", new { outcome = "advance", note = "strong code" }), HttpStatusCode.OK);
        Assert.Equal(("advance", "strong code"), (decided.GetProperty("status").GetString(), decided.GetProperty("note").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/reviews/rounds/{round}/sum/decisions/{applicantId}", new { outcome = "maybe" })).StatusCode);
    }

    [Fact]
    public async Task OutsideBlindRoundsReviewersSeeTheApplicantAndOnlyTheirOwnAssignments()
    {
        using var admin = _app.As("admin");
        using var a = _app.As("applicant-a");
        var upload = await a.PostAsync(new Uri("/api/submissions/", UriKind.Relative), new MultipartFormDataContent
        {
            { new ByteArrayContent(Archive()), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
        });
        var submission = (await ReadAsync(upload, HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        using var reviewer = _app.As("reviewer");
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative))).StatusCode);
        var reviewerId = (await ReadAsync(await reviewer.GetAsync(new Uri("/api/auth/me", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("id").GetGuid();
        await ReadAsync(await admin.PostAsJsonAsync("/api/reviews/assignments", new { submission, reviewer = reviewerId }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/reviews/assignments", new { submission, reviewer = reviewerId })).StatusCode);
        var sheet = await ReadAsync(await reviewer.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal("applicant-a", sheet.GetProperty("applicant").GetString());
        Assert.Equal("queued", sheet.GetProperty("gradingStatus").GetString());
        using var other = await StaffAsync("reviewer-3", AccountRegistration.Reviewer);
        Assert.Equal(0, (await ReadAsync(await other.GetAsync(new Uri("/api/reviews/queue", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/reviews/{submission}/draft", Scores(("code", 10, "")))).StatusCode);
    }

    [Fact]
    public async Task ClosedRoundsGetTheirReviewersByThemselvesAndOpenRoundsWait()
    {
        using var second = await StaffAsync("reviewer-2", AccountRegistration.Reviewer);
        using var a = _app.As("applicant-a");
        var open = (await ReadAsync(await a.PostAsync(new Uri("/api/submissions/", UriKind.Relative), new MultipartFormDataContent
        {
            { new ByteArrayContent(Archive()), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
        }), HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        Guid closed, earlier;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InternDb>();
            var now = TimeProvider.System.GetUtcNow();
            var round = HiringRound.Open("Closed round", now.AddMinutes(-5), 3, ["sum"], now.AddDays(-7));
            var applicant = await db.Users.Where(u => u.UserName == "applicant-b@example.test").Select(u => u.Id).SingleAsync();
            var blob = Intern.Server.Submissions.Blob.Create(Guid.NewGuid().ToByteArray(), now);
            db.HiringRounds.Add(round);
            db.Blobs.Add(blob);
            var first = Intern.Server.Submissions.Submission.Create(applicant, round.Id, "sum", 1, blob, "first.zip", now.AddDays(-2));
            var last = Intern.Server.Submissions.Submission.Create(applicant, round.Id, "sum", 1, blob, "last.zip", now.AddDays(-1));
            db.Submissions.AddRange(first, last);
            await db.SaveChangesAsync();
            (closed, earlier) = (last.Id, first.Id);
        }

        var assigner = _app.Services.GetRequiredService<ReviewAssigner>();
        Assert.Equal(2, await assigner.AssignClosedRoundsAsync(default));
        // A second pass finds nothing to do: assignment tops up, it never doubles.
        Assert.Equal(0, await assigner.AssignClosedRoundsAsync(default));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InternDb>();
            Assert.Equal(2, await db.Reviews.CountAsync(r => r.SubmissionId == closed));
            Assert.Equal(0, await db.Reviews.CountAsync(r => r.SubmissionId == earlier || r.SubmissionId == open));
        }
        using var reviewer = _app.As("reviewer");
        Assert.Equal(closed, (await ReadAsync(await reviewer.GetAsync(new Uri("/api/reviews/queue", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("next").GetGuid());
    }

    [Fact]
    public async Task APdfReportIsOnlyTextWithThePseudonymForBlindReviewersAndTheFileItselfForAdmins()
    {
        using var admin = _app.As("admin");
        var round = (await ReadAsync(await admin.PostAsJsonAsync("/api/rounds/", new { name = "Blind PDF round", deadline = TimeProvider.System.GetUtcNow().AddDays(3), maxSubmissions = 3, tasks = Sum, blindReview = true }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var ada = await ApplicantAsync(round);
        var pdf = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        pdf.DocumentInformation.Author = Name;
        var font = pdf.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        pdf.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText($"Measured and written by {Name}", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 760), font);
        var bytes = pdf.Build();
        var submission = (await ReadAsync(await ada.PostAsync(new Uri("/api/submissions/", UriKind.Relative), new MultipartFormDataContent
        {
            { new ByteArrayContent(Submissions.HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"u8.ToArray()), ("report.pdf", bytes))), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
            { new StringContent(round.ToString()), "round" },
        }), HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
        await GradeAsync();
        await ReadAsync(await admin.PostAsJsonAsync($"/api/reviews/rounds/{round}/sum/assign", new { reviewersPerSubmission = 1 }), HttpStatusCode.OK);

        using var reviewer = _app.As("reviewer");
        var sheet = await ReadAsync(await reviewer.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        var pseudonym = sheet.GetProperty("applicant").GetString()!;
        var document = sheet.GetProperty("document");
        Assert.Equal(("pdf", "report.pdf"), (document.GetProperty("kind").GetString(), sheet.GetProperty("report").GetString()));
        Assert.Equal($"Measured and written by {pseudonym.Replace(' ', '-')}", document.GetProperty("pages")[0].GetString());
        Assert.DoesNotContain("Lovelace", sheet.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(new Uri($"/api/reviews/{submission}/report.pdf", UriKind.Relative))).StatusCode);
        Assert.False(sheet.GetProperty("reveals").GetBoolean());
        // The admin's page of the same blind round embeds the file itself.
        Assert.True((await ReadAsync(await admin.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("reveals").GetBoolean());

        var file = await admin.GetAsync(new Uri($"/api/reviews/{submission}/report.pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("SAMEORIGIN", file.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task RacingAdminsGetAConflictNotAnErrorAndATaskTakenOutOfTheRoundHasNoDecisions()
    {
        using var admin = _app.As("admin");
        var round = (await ReadAsync(await admin.PostAsJsonAsync("/api/rounds/", new { name = "Racing round", deadline = TimeProvider.System.GetUtcNow().AddDays(3), maxSubmissions = 3, tasks = Sum }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var ada = await ApplicantAsync(round);
        await UploadAsync(ada, round);
        await GradeAsync();
        using var reviewer2 = await StaffAsync("reviewer-2", AccountRegistration.Reviewer);
        var applicant = (await ReadAsync(await admin.GetAsync(new Uri($"/api/reviews/rounds/{round}/sum", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("rows")[0].GetProperty("applicantId").GetGuid();

        // Several admins press "assign" and "decide" at the same moment: each answers 200 or 409, never 500, and nothing doubles.
        var admins = Enumerable.Range(0, 4).Select(_ => _app.As("admin")).ToList();
        try
        {
            var assigned = await Task.WhenAll(admins.Select(c => c.PostAsJsonAsync($"/api/reviews/rounds/{round}/sum/assign", new { reviewersPerSubmission = 2 })));
            Assert.All(assigned, r => Assert.Contains(r.StatusCode, Settled));
            var decided = await Task.WhenAll(admins.Select((c, i) => c.PutAsJsonAsync($"/api/reviews/rounds/{round}/sum/decisions/{applicant}", new { outcome = i % 2 == 0 ? "advance" : "hold" })));
            Assert.All(decided, r => Assert.Contains(r.StatusCode, Settled));
        }
        finally
        {
            admins.ForEach(c => c.Dispose());
        }
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InternDb>();
            Assert.Equal(2, await db.Reviews.CountAsync());
            Assert.Equal(1, await db.ApplicantDecisions.CountAsync());
        }

        // The round no longer offers sum: there is no table to decide in.
        await ReadAsync(await admin.PutAsJsonAsync($"/api/rounds/{round}", new { name = "Racing round", deadline = TimeProvider.System.GetUtcNow().AddDays(3), maxSubmissions = 3, tasks = Wordfreq }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/reviews/rounds/{round}/sum/decisions/{applicant}", new { outcome = "reject" })).StatusCode);
    }

    /// <summary>Every response the reviewer can reach about the submission, searched for the applicant's name and email.</summary>
    private static async Task AssertBlindAsync(HttpClient reviewer, Guid submission, Guid round)
    {
        string[] urls = ["/api/reviews/queue", $"/api/reviews/{submission}", $"/api/submissions/{submission}", $"/api/submissions/{submission}/result",
            $"/api/submissions/{submission}/archive", "/api/rounds/", $"/api/rounds/{round}", "/api/tasks/", "/api/auth/me"];
        foreach (var url in urls)
        {
            var response = await reviewer.GetAsync(new Uri(url, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            foreach (var secret in new[] { "Lovelace", Email, "ada.lovelace" })
                Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{url} ({(int)response.StatusCode}) shows \"{secret}\": {body[..Math.Min(body.Length, 400)]}");
        }
    }

    private static object Scores(params (string Criterion, double Points, string Comment)[] scores) =>
        new { scores = scores.Select(s => new { criterion = s.Criterion, points = s.Points, comment = s.Comment }), comment = "overall" };

    private static byte[] Archive() => Submissions.HostileUploads.Zip(
        ("run", "#!/bin/sh\nexec python3 solution.py\n"),
        ("solution.py", "# Ada Lovelace, ada.lovelace@example.test\nimport sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"),
        ("report.md", "# Report by Ada Lovelace\n\nContact: ada.lovelace@example.test\n"),
        ("notes/ada-lovelace-notes.md", "notes\n"));

    /// <summary>Grades the queued job as a worker would, with a result whose output names the applicant's file.</summary>
    private async Task GradeAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.ClaimAsync("test", default);
        Assert.NotNull(job);
        await queue.CompleteAsync(job.Id, "test", new GradingResult
        {
            Score = 15,
            MaxScore = 20,
            Output = "graded notes/ada-lovelace-notes.md",
            Tests = [new TestResult { Name = "public/01", Score = 15, MaxScore = 20, Verdict = TestVerdict.WA, Output = "Ada Lovelace wrote: expected \"3\", got \"4\"" }],
        }, default);
    }

    private async Task<HttpClient> ApplicantAsync(Guid round)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = Email, Email = Email, DisplayName = Name };
        Assert.True((await users.CreateAsync(user, InternApplication.Password)).Succeeded);
        await users.AddToRoleAsync(user, AccountRegistration.Applicant);
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        db.RoundMembers.Add(RoundMember.Enrol(round, user.Id, TimeProvider.System.GetUtcNow()));
        var (token, secret) = PersonalAccessToken.Create(user.Id, "tests", TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(1));
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync();
        return Client(secret);
    }

    private async Task<HttpClient> StaffAsync(string name, string role)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return Client(await InternApplication.CreateUserAsync(scope.ServiceProvider, name, role));
    }

    private HttpClient Client(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await databases.DisposeAsync();
    }
}

public sealed class SqliteReviewsApiTests() : ReviewsApiTests(new SqliteDatabases());

public sealed class PostgresReviewsApiTests() : ReviewsApiTests(new PostgresDatabases());

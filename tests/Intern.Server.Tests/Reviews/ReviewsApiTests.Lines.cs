using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intern.Server.Accounts;

namespace Intern.Server.Tests.Reviews;

/// <summary>Comments anchored to lines of code, and the round's own number of reviewers per submission.</summary>
public abstract partial class ReviewsApiTests
{
    [Fact]
    public async Task LineCommentsNameRealLinesHideIdentityFromBlindPathsAndLockWithTheReview()
    {
        using var admin = _app.As("admin");
        var round = (await ReadAsync(await admin.PostAsJsonAsync("/api/rounds/", new { name = "Line round", deadline = TimeProvider.System.GetUtcNow().AddDays(3), maxSubmissions = 3, tasks = Sum, blindReview = true, reviewersPerSubmission = 2 }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var ada = await ApplicantAsync(round);
        var submission = await UploadAsync(ada, round);
        await GradeAsync();
        using var second = await StaffAsync("reviewer-2", AccountRegistration.Reviewer);
        await ReadAsync(await admin.PostAsJsonAsync($"/api/reviews/rounds/{round}/sum/assign", new { }), HttpStatusCode.OK);
        using var first = _app.As("reviewer");
        var lines = $"/api/reviews/{submission}/lines";
        var sheet = await ReadAsync(await first.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        var notes = sheet.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).Single(p => p.StartsWith("notes/", StringComparison.Ordinal));
        Assert.DoesNotContain("ada", notes, StringComparison.OrdinalIgnoreCase);

        // The reviewer names files as the sheet shows them; only lines the file has take a comment.
        var onCode = await ReadAsync(await first.PostAsJsonAsync(lines, new { path = "solution.py", line = 3, text = "sums in one pass" }), HttpStatusCode.Created);
        Assert.Equal(("solution.py", 3), (onCode.GetProperty("path").GetString(), onCode.GetProperty("line").GetInt32()));
        var onNotes = await ReadAsync(await first.PostAsJsonAsync(lines, new { path = notes, line = 1, text = "notes are thin" }), HttpStatusCode.Created);
        Assert.Equal(notes, onNotes.GetProperty("path").GetString());
        foreach (var (body, says) in new (object, string)[]
        {
            (new { path = "solution.py", line = 4, text = "past the end" }, "lines 1 to 3"),
            (new { path = "solution.py", line = 0, text = "before the start" }, "no line 0"),
            (new { path = "notes/ada-lovelace-notes.md", line = 1, text = "by the real name" }, "no file"),
            (new { path = "solution.py", line = 1, text = "  " }, "Write the comment"),
            (new { path = "solution.py", line = 1, text = new string('x', 2001) }, "at most 2000"),
        })
        {
            var refused = await first.PostAsJsonAsync(lines, body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(says, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var mine = (await ReadAsync(await first.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("mine");
        Assert.Equal(("draft", 2), (mine.GetProperty("state").GetString(), mine.GetProperty("lines").GetArrayLength()));
        await AssertBlindAsync(first, submission, round);

        // Someone else's comments are not theirs to remove, and nobody sees another's before submitting their own.
        var seconds = await ReadAsync(await second.PostAsJsonAsync(lines, new { path = "solution.py", line = 2, text = "splits on whitespace" }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await first.DeleteAsync(new Uri($"{lines}/{seconds.GetProperty("id").GetGuid()}", UriKind.Relative))).StatusCode);
        var extra = await ReadAsync(await first.PostAsJsonAsync(lines, new { path = "solution.py", line = 1, text = "taken back" }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await first.DeleteAsync(new Uri($"{lines}/{extra.GetProperty("id").GetGuid()}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await first.DeleteAsync(new Uri($"{lines}/{extra.GetProperty("id").GetGuid()}", UriKind.Relative))).StatusCode);

        await ReadAsync(await first.PostAsJsonAsync($"/api/reviews/{submission}/submit", Scores(("code", 10, "clean"), ("report", 10, "thorough"))), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Conflict, (await first.PostAsJsonAsync(lines, new { path = "solution.py", line = 1, text = "late" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await first.DeleteAsync(new Uri($"{lines}/{onCode.GetProperty("id").GetGuid()}", UriKind.Relative))).StatusCode);
        var firstAfter = await ReadAsync(await first.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.DoesNotContain("splits on whitespace", firstAfter.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, firstAfter.GetProperty("mine").GetProperty("lines").GetArrayLength());

        var secondAfter = await ReadAsync(await second.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.DoesNotContain("sums in one pass", secondAfter.GetRawText(), StringComparison.Ordinal);
        await ReadAsync(await second.PostAsJsonAsync($"/api/reviews/{submission}/submit", Scores(("code", 10, ""), ("report", 10, ""))), HttpStatusCode.OK);
        var others = (await ReadAsync(await second.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("others");
        Assert.Contains(others[0].GetProperty("lines").EnumerateArray(), l => l.GetProperty("text").GetString() == "sums in one pass");

        // The review keeps the archive's own path: with every review locked (and for admins) it shows as uploaded.
        var asAdmin = (await ReadAsync(await admin.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("others");
        Assert.Contains(asAdmin.EnumerateArray().SelectMany(r => r.GetProperty("lines").EnumerateArray()), l => l.GetProperty("path").GetString() == "notes/ada-lovelace-notes.md");
    }

    [Fact]
    public async Task ARoundAsksForItsOwnNumberOfReviewersAndAssigningTopsUpToIt()
    {
        using var admin = _app.As("admin");
        var deadline = TimeProvider.System.GetUtcNow().AddDays(3);
        var created = await ReadAsync(await admin.PostAsJsonAsync("/api/rounds/", new { name = "One reviewer", deadline, maxSubmissions = 3, tasks = Sum, reviewersPerSubmission = 1 }), HttpStatusCode.Created);
        Assert.Equal(1, created.GetProperty("reviewersPerSubmission").GetInt32());
        var round = created.GetProperty("id").GetGuid();
        var refused = await admin.PutAsJsonAsync($"/api/rounds/{round}", new { name = "One reviewer", deadline, maxSubmissions = 3, tasks = Sum, reviewersPerSubmission = 11 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("reviewersPerSubmission", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var ada = await ApplicantAsync(round);
        await UploadAsync(ada, round);
        using var second = await StaffAsync("reviewer-2", AccountRegistration.Reviewer);
        using var third = await StaffAsync("reviewer-3", AccountRegistration.Reviewer);

        // The server's default is 2; the round asks for 1, then for 3, and assigning without a number follows the round.
        Assert.Equal(1, (await ReadAsync(await admin.PostAsJsonAsync($"/api/reviews/rounds/{round}/sum/assign", new { }), HttpStatusCode.OK)).GetProperty("assignments").GetInt32());
        var changed = await ReadAsync(await admin.PutAsJsonAsync($"/api/rounds/{round}", new { name = "Three reviewers", deadline, maxSubmissions = 3, tasks = Sum, reviewersPerSubmission = 3 }), HttpStatusCode.OK);
        Assert.Equal(3, changed.GetProperty("reviewersPerSubmission").GetInt32());
        Assert.Equal(3, (await ReadAsync(await admin.GetAsync(new Uri($"/api/reviews/rounds/{round}/sum", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("reviewersPerSubmission").GetInt32());
        Assert.Equal(2, (await ReadAsync(await admin.PostAsJsonAsync($"/api/reviews/rounds/{round}/sum/assign", new { }), HttpStatusCode.OK)).GetProperty("assignments").GetInt32());
        // Applicants do not learn how their round is reviewed.
        Assert.Equal(JsonValueKind.Null, (await ReadAsync(await ada.GetAsync(new Uri($"/api/rounds/{round}", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("reviewersPerSubmission").ValueKind);
    }

    /// <summary>The applicant uploads <see cref="Archive"/> to the round's sum task; the new submission's id.</summary>
    private static async Task<Guid> UploadAsync(HttpClient applicant, Guid round, string fileName = "solution.zip") =>
        (await ReadAsync(await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), new MultipartFormDataContent
        {
            { new ByteArrayContent(Archive()), "file", fileName },
            { new StringContent("sum"), "task" },
            { new StringContent(round.ToString()), "round" },
        }), HttpStatusCode.Accepted)).GetProperty("id").GetGuid();
}

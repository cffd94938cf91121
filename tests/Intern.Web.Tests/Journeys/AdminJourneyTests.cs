using System.Net.Http.Json;
using System.Text.Json;
using Intern.Server.Accounts;
using Intern.Web.Tests.Pages;
using Intern.Web.Tests.Site;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intern.Web.Tests.Journeys;

/// <summary>Admins in a real browser: rejudging a task, retrying a failed grading, assigning reviewers and the applicants table's CSV.</summary>
[Collection(SiteCollection.Name)]
public sealed class AdminJourneyTests(InternSite site, Browser browser) : Journey(site, browser)
{
    [Fact]
    public Task TheRejudgePreviewListsTheChangesAndApplyingItUpdatesTheScores() => RunAsync(nameof(TheRejudgePreviewListsTheChangesAndApplyingItUpdatesTheScores), async page =>
    {
        var task = InternSite.RejudgedSlug;
        var round = await Site.OpenRoundAsync("Rejudge journey", blind: false, task);
        var ada = await Site.PersonAsync("Ada Lovelace", AccountRegistration.Applicant, round);
        var bob = await Site.PersonAsync("Bob Offbyone", AccountRegistration.Applicant, round);
        var right = await ada.UploadGradedAsync(round, Solutions.CorrectSum(), task: task);
        var offByOne = await bob.UploadGradedAsync(round, Solutions.OffByOneSum(), task: task);
        var admin = await Site.PersonAsync("Rejudging Admin", AccountRegistration.Admin);
        await page.ActAsAsync(admin);
        var table = await ApplicantsPage.OpenAsync(page, round, task);
        await Expect(ApplicantsPage.Cell(table.Rows.Filter(new() { HasText = "Ada Lovelace" }), "auto")).ToHaveTextAsync("100 %");

        // The author finds the first public answer wrong (1 2 3 sums to 6; say the task meant 7) and fixes it in place.
        await File.WriteAllTextAsync(Path.Combine(Site.RejudgedTask, "tests", "public", "01.ans"), "7\n");
        await page.Locator("a[data-rejudge-link]").ClickAsync();
        await page.WaitForURLAsync($"**/review/rounds/{round}/{task}/rejudge");
        var rejudge = new RejudgePage(page);
        await rejudge.StartAsync();
        await Expect(rejudge.Section).ToBeVisibleAsync();
        // While the preview runs the applicant still sees the old score (of the visible tests, before the deadline), and
        // nothing is being graded for them.
        var during = await ada.Api.GetFromJsonAsync<JsonElement>($"/api/submissions/{right}");
        Assert.Equal(("graded", 20.0), (during.GetProperty("status").GetString(), during.GetProperty("result").GetProperty("score").GetDouble()));
        // The page follows the gradings by itself.
        await Expect(rejudge.Progress).ToHaveTextAsync("2 of 2 graded", new() { Timeout = 180_000 });
        await Expect(rejudge.Changed).ToHaveTextAsync("2 score(s) change");
        var ada1 = rejudge.Item(right);
        await Expect(RejudgePage.Cell(ada1, "before")).ToHaveTextAsync("100 %");
        await Expect(RejudgePage.Cell(ada1, "after")).ToHaveTextAsync("90 %");
        await Expect(RejudgePage.Cell(ada1, "delta")).ToHaveTextAsync("-10 %");
        await Expect(RejudgePage.Cell(ada1, "tests")).ToContainTextAsync("01: AC → WA");
        var bob1 = rejudge.Item(offByOne);
        await Expect(RejudgePage.Cell(bob1, "delta")).ToHaveTextAsync("+10 %");
        await Expect(RejudgePage.Cell(bob1, "tests")).ToContainTextAsync("01: WA → AC");
        var after = await ada.Api.GetFromJsonAsync<JsonElement>($"/api/submissions/{right}");
        Assert.Equal(20.0, after.GetProperty("result").GetProperty("score").GetDouble());

        await rejudge.ApplyAsync();
        await Expect(rejudge.Outcome).ToContainTextAsync("Applied: 2 result(s) are current now, 2 with a changed score.");
        await Expect(rejudge.Section).ToHaveAttributeAsync("data-state", "applied");
        var applied = await ada.Api.GetFromJsonAsync<JsonElement>($"/api/submissions/{right}");
        Assert.Equal(10.0, applied.GetProperty("result").GetProperty("score").GetDouble());
        table = await ApplicantsPage.OpenAsync(page, round, task);
        await Expect(ApplicantsPage.Cell(table.Rows.Filter(new() { HasText = "Ada Lovelace" }), "auto")).ToHaveTextAsync("90 %");
        await Expect(ApplicantsPage.Cell(table.Rows.Filter(new() { HasText = "Bob Offbyone" }), "auto")).ToHaveTextAsync("10 %");
    });

    [Fact]
    public Task AnAdminRetriesAGradingThatEndedAsAPlatformError() => RunAsync(nameof(AnAdminRetriesAGradingThatEndedAsAPlatformError), async page =>
    {
        var round = await Site.OpenRoundAsync("Retry journey", blind: false);
        var ruth = await Site.PersonAsync("Ruth Retry", AccountRegistration.Applicant, round);
        var submission = await ruth.UploadGradedAsync(round, Solutions.CorrectSum());
        await Site.FailGradingAsync(submission, "The Docker engine did not answer.");
        await page.ActAsAsync(await Site.PersonAsync("Retry Admin", AccountRegistration.Admin));
        var table = await ApplicantsPage.OpenAsync(page, round);
        await Expect(ApplicantsPage.Cell(table.Rows.First, "status")).ToHaveTextAsync("platform_error");

        await page.Locator($"button[data-retry='{submission}']").ClickAsync();
        await Expect(page.Locator("[data-retried]")).ToContainTextAsync("Sent back to the queue");
        // The worker grades it again (real Docker); the table says so once it is done.
        var until = TimeProvider.System.GetUtcNow().AddMinutes(3);
        while ((await ApplicantsPage.Cell(table.Rows.First, "status").InnerTextAsync()) is "platform_error" or "queued" or "grading")
        {
            Assert.True(TimeProvider.System.GetUtcNow() < until, "The retried grading did not finish within 3 minutes.");
            await Task.Delay(500);
            table = await ApplicantsPage.OpenAsync(page, round);
        }
        await Expect(ApplicantsPage.Cell(table.Rows.First, "status")).ToHaveTextAsync("unassigned");
        await Expect(page.Locator($"button[data-retry='{submission}']")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task AnAdminAssignsReviewersAndTheCsvExportMatchesTheTable() => RunAsync(nameof(AnAdminAssignsReviewersAndTheCsvExportMatchesTheTable), async page =>
    {
        var round = await Site.OpenRoundAsync("CSV journey", blind: false);
        var edsger = await Site.PersonAsync("Edsger Dijkstra", AccountRegistration.Applicant, round);
        var barbara = await Site.PersonAsync("Barbara Liskov", AccountRegistration.Applicant, round);
        var good = await edsger.UploadGradedAsync(round, Solutions.CorrectSum());
        var bad = await barbara.UploadGradedAsync(round, Solutions.OffByOneSum());
        // At least one reviewer, should this journey run alone.
        await Site.PersonAsync("Csv Reviewer", AccountRegistration.Reviewer);
        var admin = await Site.PersonAsync("Site Admin", AccountRegistration.Admin);

        await page.ActAsAsync(admin);
        await page.GotoAsync("/review/rounds");
        await page.Locator($"a[href='/review/rounds/{round}/sum']").ClickAsync();
        var table = new ApplicantsPage(page);
        await Expect(table.Rows).ToHaveCountAsync(2);
        await table.AssignAsync(1);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 new assignment(s) over 2 submission(s)");
        // The least-loaded reviewers get the work, other journeys' included: each review comes from whoever the table says got it.
        var assigned = (await admin.Api.GetFromJsonAsync<JsonElement>($"/api/reviews/rounds/{round}/sum")).GetProperty("rows").EnumerateArray()
            .Select(r => (Submission: r.GetProperty("submission").GetGuid(), Reviewer: r.GetProperty("reviewers").EnumerateArray().Single().GetProperty("reviewerId").GetGuid()))
            .ToList();
        Assert.Equal(new[] { good, bad }.Order(), assigned.Select(a => a.Submission).Order());
        foreach (var (submission, reviewer) in assigned)
            await (await Site.ExistingPersonAsync(reviewer)).SubmitReviewAsync(submission, 10, 4);

        await table.SortByAsync("applicant");
        var shown = await table.ReadAsync();
        Assert.Equal(["Barbara Liskov", "Edsger Dijkstra"], shown.Select(r => r[0]));
        Assert.Equal(["0", "100"], shown.Select(r => r[2]));
        // Every review is in: 14 of 20 points, weighed 20 % beside the tests' 80 %.
        Assert.Equal(["70", "70"], shown.Select(r => r[3]));
        Assert.Equal(["14", "94"], shown.Select(r => r[4]));
        Assert.Equal(["reviewed", "reviewed"], shown.Select(r => r[5]));
        var lines = await CsvLinesAsync(page, table);
        Assert.Equal("Applicant,Email,Pseudonym,Submission,Uploaded,Submissions,Auto,Review,Final,Status,Reviews submitted,Reviews assigned,Disagreement,Decision,Note,Late penalty", lines[0]);
        var exported = lines[1..].Select(l => l.Split(',')).Select(f => new[] { f[0], f[1], f[6], f[7], f[8], f[9] }).ToList();
        Assert.Equal(shown, exported);

        await table.SortByAsync("final");
        var byFinal = await table.ReadAsync();
        Assert.Equal("Edsger Dijkstra", byFinal[0][0]);
        lines = await CsvLinesAsync(page, table);
        Assert.Equal(byFinal, lines[1..].Select(l => l.Split(',')).Select(f => new[] { f[0], f[1], f[6], f[7], f[8], f[9] }).ToList());
        Assert.Equal(2, await table.Histogram.Locator("rect.bar-auto[height]:not([height='0'])").CountAsync());

        // Search and filter narrow the table, and the CSV link follows them.
        await table.SearchAsync("LISKOV");
        await Expect(table.Rows).ToHaveCountAsync(1);
        Assert.Equal(2, (await CsvLinesAsync(page, table)).Length);
        await table.SearchAsync("", "queued");
        await Expect(table.Rows).ToHaveCountAsync(0);
    });

    /// <summary>
    /// What the page's CSV link serves, fetched with the page's credentials (a download would not carry the token the
    /// journey acts with); the link's own attributes make the browser save it as a file.
    /// </summary>
    private static async Task<string[]> CsvLinesAsync(IPage page, ApplicantsPage table)
    {
        await Expect(table.Csv).ToHaveAttributeAsync("download", "");
        var response = await page.APIRequest.GetAsync((await table.Csv.GetAttributeAsync("href"))!);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/csv", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains("filename=sum-applicants.csv", response.Headers["content-disposition"], StringComparison.Ordinal);
        return (await response.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }
}

using Intern.Web.Tests.Pages;
using Intern.Web.Tests.Site;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intern.Web.Tests.Journeys;

/// <summary>
/// Screenshots of the task page, an upload in progress and a results page, and of the reviewer's queue, submission view,
/// rubric form and the score distribution. They land in the test output's
/// screenshots/ folder, or in INTERN_SCREENSHOTS_DIR: `./intern screenshots` points that at docs/screenshots.
/// </summary>
[Collection(SiteCollection.Name)]
[Trait("Category", "Screenshots")]
public sealed class Screenshots(InternSite site, Browser browser) : Journey(site, browser)
{
    private static readonly string Folder = Environment.GetEnvironmentVariable("INTERN_SCREENSHOTS_DIR") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    private static readonly string[] Shots = ["task-page.png", "upload-progress.png", "results.png"];
    private static readonly string[] ReviewShots = ["review-queue.png", "review-submission.png", "review-rubric.png", "review-line-comment.png", "score-distribution.png"];

    [Fact]
    public Task TaskPageUploadInProgressAndResults() => RunAsync(nameof(TaskPageUploadInProgressAndResults), async page =>
    {
        Directory.CreateDirectory(Folder);
        var invite = await InvitePage.OpenAsync(page, await Site.InviteAsync());
        await invite.AcceptAsync("Ada Lovelace", $"ada-{Guid.NewGuid():N}@example.test", InternSite.Password);
        // A real task's statement (tables, code blocks) at a laptop's height, then the small fixture task to upload to.
        await page.SetViewportSizeAsync(1100, 1400);
        await TaskPage.OpenAsync(page, "log-analysis");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "task-page.png") });
        await page.SetViewportSizeAsync(1100, 900);
        var task = await TaskPage.OpenAsync(page, "sum");

        // A slow uplink (about 48 KiB/s), so that the progress bar is caught part way.
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 20, ["downloadThroughput"] = -1, ["uploadThroughput"] = 48 * 1024,
        });
        await task.ChooseArchiveAsync("sum.zip", Solutions.CorrectSumWithPadding(200 * 1024));
        await task.PressUploadAsync();
        await page.WaitForFunctionAsync("() => { const p = document.getElementById('upload-progress'); return p && p.value >= 25 && p.value < 90; }",
            null, new() { Timeout = 30_000, PollingInterval = 50 });
        await page.Locator("section.upload").ScreenshotAsync(new() { Path = Path.Combine(Folder, "upload-progress.png") });
        await page.WaitForURLAsync("**/submissions/*", new() { Timeout = 60_000 });
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1,
        });

        var failing = await TaskPage.OpenAsync(page, "sum");
        var submission = await failing.UploadAsync("sum.zip", Solutions.OffByOneSum());
        await submission.WaitUntilGradedAsync();
        await Expect(submission.Expected.First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "results.png"), FullPage = true });
        foreach (var name in Shots)
            Assert.True(new FileInfo(Path.Combine(Folder, name)).Length > 1000, name);
    });

    [Fact]
    public Task ReviewQueueSubmissionRubricAndDistribution() => RunAsync(nameof(ReviewQueueSubmissionRubricAndDistribution), async page =>
    {
        Directory.CreateDirectory(Folder);
        var round = await Site.OpenRoundAsync("Autumn interns 2027", blind: true);
        var reviewer = await Site.PersonAsync("Margaret Hamilton", Intern.Server.Accounts.AccountRegistration.Reviewer);
        var second = await Site.PersonAsync("Ken Thompson", Intern.Server.Accounts.AccountRegistration.Reviewer);
        (string Name, byte[] Archive, double Code, double Report)[] applicants =
        [
            ("Ada Lovelace", [], 10, 10),
            ("Alan Kay", Solutions.FirstLineOnlySum(), 5, 4),
            ("Barbara Liskov", [], 10, 4),
            ("Dennis Ritchie", Solutions.OffByOneSum(), 0, 0),
            ("Frances Allen", Solutions.FirstHundredSum(), 5, 10),
        ];
        var submissions = new List<Guid>();
        foreach (var (name, archive, code, report) in applicants)
        {
            var applicant = await Site.PersonAsync(name, Intern.Server.Accounts.AccountRegistration.Applicant, round);
            var submission = await applicant.UploadGradedAsync(round, archive.Length > 0 ? archive : ReviewSeeds.SolutionWithReport(name, applicant.Email));
            await Site.AssignAsync(submission, reviewer, second);
            submissions.Add(submission);
            if (submissions.Count > 2)
            {
                await reviewer.SubmitReviewAsync(submission, code, report);
                await second.SubmitReviewAsync(submission, Math.Max(0, code - 5), report);
            }
        }

        await page.ActAsAsync(reviewer);
        await page.SetViewportSizeAsync(1100, 700);
        await ReviewQueuePage.OpenAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "review-queue.png") });
        await page.SetViewportSizeAsync(1400, 1000);
        var review = await ReviewPage.OpenAsync(page, submissions[0]);
        await review.ScoreAsync("code", 10, "One pass over the input; names say what they hold.");
        await review.ScoreAsync("report", 4, "States the approach, but not how it was tested.");
        await review.WaitUntilSavedAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "review-submission.png") });
        await review.Rubric.ScreenshotAsync(new() { Path = Path.Combine(Folder, "review-rubric.png") });
        await review.Code("solution.py").Locator("summary", new() { HasText = "The whole file" }).ClickAsync();
        await review.CommentOnLineAsync("solution.py", 7, "A generator: the numbers are never held in a list.");
        await review.Line("solution.py", 10).HoverAsync();
        await review.Line("solution.py", 10).Locator("a.ln").ClickAsync();
        await page.Locator("#line-text").FillAsync("Reads all of stdin at once: fine at this size, say so in the report.");
        await review.Code("solution.py").ScreenshotAsync(new() { Path = Path.Combine(Folder, "review-line-comment.png") });

        await page.ActAsAsync(await Site.PersonAsync("Grace Admin", Intern.Server.Accounts.AccountRegistration.Admin));
        await page.SetViewportSizeAsync(1300, 900);
        await ApplicantsPage.OpenAsync(page, round);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "score-distribution.png") });
        foreach (var name in ReviewShots)
            Assert.True(new FileInfo(Path.Combine(Folder, name)).Length > 1000, name);
    });
}

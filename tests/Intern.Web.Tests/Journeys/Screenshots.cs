using Intern.Web.Tests.Pages;
using Intern.Web.Tests.Site;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intern.Web.Tests.Journeys;

/// <summary>
/// Screenshots of the task page, an upload in progress and a results page. They land in the test output's
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
}

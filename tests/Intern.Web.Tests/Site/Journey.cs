using Microsoft.Playwright;

namespace Intern.Web.Tests.Site;

/// <summary>
/// A test that runs in its own browser context (its own cookies) on the shared site. A journey that fails
/// leaves a full-page screenshot under the test output's failures/ folder for diagnosis.
/// </summary>
public abstract class Journey(InternSite site, Browser browser)
{
    protected InternSite Site { get; } = site;

    private static readonly string[] Internal = ["data:", "chrome-extension://", "chrome://"];

    public static string FailuresFolder { get; } = Path.Combine(AppContext.BaseDirectory, "failures");

    protected async Task RunAsync(string name, Func<IPage, Task> journey, int width = 1100, int height = 900)
    {
        await using var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Site.Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/Berlin",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        // Everything the platform shows is its own: fonts, scripts and styles included. The browser's own parts (its PDF
        // viewer's chrome-extension: and chrome: resources) never leave the machine.
        var external = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(Site.Address.ToString(), StringComparison.Ordinal) && !Internal.Any(p => request.Url.StartsWith(p, StringComparison.Ordinal)))
                external.Add(request.Url);
        };
        try
        {
            await journey(page);
            Assert.Empty(external);
        }
        catch
        {
            Directory.CreateDirectory(FailuresFolder);
            var shot = Path.Combine(FailuresFolder, $"{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            Console.Error.WriteLine($"Journey {name} failed on {page.Url}; screenshot: {shot}");
            if (problems.Count > 0)
                Console.Error.WriteLine($"Browser console: {string.Join(" | ", problems)}");
            throw;
        }
    }
}

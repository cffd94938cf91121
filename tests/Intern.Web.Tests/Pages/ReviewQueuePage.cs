using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

public sealed class ReviewQueuePage(IPage page)
{
    public ILocator Progress => page.Locator("[data-queue-progress]");

    public ILocator Next => page.Locator("a[data-next]");

    public ILocator Rows => page.Locator("tr[data-submission]");

    public ILocator Row(Guid submission) => page.Locator($"tr[data-submission='{submission}']");

    public static async Task<ReviewQueuePage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/review");
        return new ReviewQueuePage(page);
    }

    /// <summary>The next submission, a keystroke away.</summary>
    public async Task<ReviewPage> PressNextAsync()
    {
        await page.Locator("body").PressAsync("n");
        await page.WaitForURLAsync("**/review/*-*");
        return new ReviewPage(page);
    }
}

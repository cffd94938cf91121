using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

public sealed class HistoryPage(IPage page)
{
    public ILocator Rows => page.Locator("table.history tbody tr");

    public ILocator Row(Guid id) => page.Locator($"tr[data-submission='{id}']");

    /// <summary>The mark of a late upload in its row.</summary>
    public ILocator Late(Guid id) => Row(id).Locator("[data-late]");

    public static async Task<HistoryPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/submissions");
        return new HistoryPage(page);
    }
}

using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

public sealed class HistoryPage(IPage page)
{
    public ILocator Rows => page.Locator("table.history tbody tr");

    public ILocator Row(Guid id) => page.Locator($"tr[data-submission='{id}']");

    public static async Task<HistoryPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/submissions");
        return new HistoryPage(page);
    }
}

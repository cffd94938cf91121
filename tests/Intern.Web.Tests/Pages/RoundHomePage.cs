using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

public sealed class RoundHomePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Deadline => page.Locator("time[data-countdown]");

    public ILocator LatePolicies => page.Locator("[data-late-policy]");

    public ILocator Row(string slug) => page.Locator($"tr[data-task='{slug}']");

    public ILocator Used(string slug) => Row(slug).Locator("td[data-label='Used']");

    public ILocator Left(string slug) => Row(slug).Locator("td[data-label='Left']");

    public ILocator Latest(string slug) => Row(slug).Locator("td[data-label='Latest']");

    public static async Task<RoundHomePage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/");
        return new RoundHomePage(page);
    }

    public async Task<TaskPage> OpenTaskAsync(string title)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.WaitForURLAsync("**/tasks/*");
        return new TaskPage(page);
    }

    public async Task SignOutAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
    }
}

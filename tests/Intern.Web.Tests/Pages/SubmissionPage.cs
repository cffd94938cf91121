using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

public sealed class SubmissionPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Status => page.Locator("[data-status-text]");

    public ILocator Score => page.Locator("[data-score]");

    public ILocator Test(string name) => page.Locator($"tr[data-test='{name}']");

    public ILocator Tests => page.Locator("tr[data-test]");

    public ILocator Expected => page.Locator("[data-expected]");

    public ILocator Actual => page.Locator("[data-actual]");

    public ILocator Hidden => page.Locator("[data-hidden]");

    /// <summary>What the page tells the applicant of an upload that came after the round's deadline.</summary>
    public ILocator LateNotice => page.Locator("[data-late]");

    public ILocator Download => page.GetByRole(AriaRole.Link, new() { Name = "download what you uploaded" });

    public Guid Id => Guid.Parse(new Uri(page.Url).AbsolutePath.Split('/')[^1]);

    public static async Task<SubmissionPage> OpenAsync(IPage page, Guid id)
    {
        await page.GotoAsync($"/submissions/{id}");
        return new SubmissionPage(page);
    }

    /// <summary>Waits, without reloading by hand, until the page shows the graded result (a worker on real Docker grades it).</summary>
    public Task WaitUntilGradedAsync() =>
        Assertions.Expect(Status).ToHaveTextAsync("graded", new() { Timeout = 180_000 });
}

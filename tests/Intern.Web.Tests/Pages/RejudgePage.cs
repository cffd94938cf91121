using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

/// <summary>The rejudge page of a round's task, for admins: start, follow the preview, apply or discard.</summary>
public sealed class RejudgePage(IPage page)
{
    public ILocator Section => page.Locator("section[data-rejudge]");

    public ILocator Progress => page.Locator("[data-progress]");

    public ILocator Changed => page.Locator("[data-changed]").First;

    public ILocator Outcome => page.Locator("[data-outcome]");

    public ILocator Apply => page.Locator("button[data-apply]");

    public ILocator Item(Guid submission) => page.Locator($"tr[data-item='{submission}']");

    public static ILocator Cell(ILocator row, string column) => row.Locator($"[data-col='{column}']");

    /// <summary>Starts a rejudge; the page that the post answers with shows it.</summary>
    public async Task StartAsync()
    {
        await page.Locator("button[data-start]").ClickAsync();
        await Outcome.WaitForAsync();
    }

    /// <summary>Applies the preview; the page that the post answers with says what changed.</summary>
    public async Task ApplyAsync()
    {
        await Apply.ClickAsync();
        await page.Locator("section[data-rejudge][data-state='applied']").WaitForAsync();
    }
}

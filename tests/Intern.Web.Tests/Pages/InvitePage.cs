using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

public sealed class InvitePage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public static async Task<InvitePage> OpenAsync(IPage page, string secret)
    {
        await page.GotoAsync($"/invite/{secret}");
        return new InvitePage(page);
    }

    public async Task<RoundHomePage> AcceptAsync(string name, string email, string password)
    {
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account and accept" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return new RoundHomePage(page);
    }
}

using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

public sealed class SignInPage(IPage page)
{
    public ILocator Refusal => page.GetByRole(AriaRole.Alert);

    public ILocator Notice => page.GetByRole(AriaRole.Status);

    public ILocator ForgotPassword => page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" });

    public static async Task<SignInPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/signin");
        return new SignInPage(page);
    }

    public async Task SubmitAsync(string email, string password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }
}

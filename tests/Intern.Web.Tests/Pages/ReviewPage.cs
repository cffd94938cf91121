using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

/// <summary>The submission view with the rubric beside it.</summary>
public sealed class ReviewPage(IPage page)
{
    public ILocator Applicant => page.Locator("[data-applicant]");

    public ILocator Report => page.Locator("[data-report]");

    public ILocator File(string path) => page.Locator($"a[data-file='{path}']");

    public ILocator Code(string path) => page.Locator($"section.code-file[aria-label='{path}']");

    public ILocator Tests => page.Locator("tr[data-test]");

    public ILocator Rubric => page.Locator("form.rubric, section.rubric");

    public ILocator SaveStatus => page.Locator("[data-save-status]");

    public ILocator Locked => page.Locator("[data-review-locked]");

    public ILocator Total => Locked.Locator("[data-total]");

    public ILocator Others => page.Locator("[data-other-review]");

    public ILocator Disagreement => page.Locator("[data-disagreement]");

    public ILocator Final => page.Locator("[data-final]");

    public ILocator Level(string criterion, double points) =>
        page.Locator($"fieldset[data-criterion='{criterion}'] input[type=radio][value='{points.ToString(System.Globalization.CultureInfo.InvariantCulture)}']");

    public ILocator Comment(string criterion) => page.Locator($"#comment-{criterion}");

    public static async Task<ReviewPage> OpenAsync(IPage page, Guid submission)
    {
        await page.GotoAsync($"/review/{submission}");
        return new ReviewPage(page);
    }

    /// <summary>Chooses a level and writes the comment, the way a reviewer does: the page saves the draft by itself.</summary>
    public async Task ScoreAsync(string criterion, double points, string comment)
    {
        await Level(criterion, points).CheckAsync();
        await Comment(criterion).FillAsync(comment);
    }

    /// <summary>Waits until the page has saved every entry (no save pending or running) and says so.</summary>
    public async Task WaitUntilSavedAsync()
    {
        await Assertions.Expect(page.Locator("form[data-autosave]:not([data-pending])")).ToHaveCountAsync(1);
        await Assertions.Expect(SaveStatus).ToContainTextAsync("Draft saved");
    }

    public async Task SubmitAsync()
    {
        // The form posts, and the server answers with the review page again (locked).
        await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Submit review" }).ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Request.Method == "GET");
        await page.WaitForLoadStateAsync();
    }
}

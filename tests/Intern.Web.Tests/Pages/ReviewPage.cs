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

    /// <summary>A line of the file as a whole (not of its diff against the starter kit), counted from 1.</summary>
    public ILocator Line(string path, int line) => Code(path).Locator($"ol.code:not(.diff) > li[id$='-L{line}']");

    public ILocator LineNotes(string path, int line) => Line(path, line).Locator(".line-note");

    /// <summary>The marks that open the line comment form: only while the reviewer's review is a draft.</summary>
    public ILocator LineMarks => page.Locator("ol.code a.ln");

    /// <summary>Clicks the mark beside the line, writes the comment in the form that opens there and adds it.</summary>
    public async Task CommentOnLineAsync(string path, int line, string text)
    {
        await Line(path, line).HoverAsync();
        await Line(path, line).Locator("a.ln").ClickAsync();
        await Assertions.Expect(Line(path, line).Locator("form#line-comment")).ToBeVisibleAsync();
        await page.Locator("#line-text").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(LineNotes(path, line).Filter(new() { HasText = text })).ToHaveCountAsync(1);
    }

    public async Task RemoveLineCommentAsync(string path, int line, string text)
    {
        await LineNotes(path, line).Filter(new() { HasText = text }).GetByRole(AriaRole.Button, new() { Name = "Remove this comment" }).ClickAsync();
        await Assertions.Expect(LineNotes(path, line).Filter(new() { HasText = text })).ToHaveCountAsync(0);
    }

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

using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

public sealed class TaskPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Statement => page.Locator("section.statement");

    public ILocator Facts => page.Locator("dl.facts");

    public ILocator StarterKit => page.GetByRole(AriaRole.Link, new() { Name = "Download the starter kit" });

    public ILocator Refusal => page.Locator("[data-refusal]");

    public ILocator Progress => page.Locator("#upload-progress");

    /// <summary>What the page shows instead of the upload once none of the applicant's rounds takes uploads for the task.</summary>
    public ILocator Closed => page.Locator("[data-closed]");

    /// <summary>The deadline with the task's late penalty, above the upload (only for a task that has one).</summary>
    public ILocator LatePolicy => page.Locator("[data-late-policy]");

    public static async Task<TaskPage> OpenAsync(IPage page, string slug)
    {
        await page.GotoAsync($"/tasks/{slug}");
        return new TaskPage(page);
    }

    /// <summary>Picks an archive and presses Upload; the page either moves on to the submission or shows a refusal.</summary>
    public async Task ChooseArchiveAsync(string name, byte[] content)
    {
        await page.GetByLabel("A zip or tar archive").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/octet-stream", Buffer = content });
    }

    public async Task ChooseFilesAsync(params FilePayload[] files) =>
        await page.GetByLabel("Or the files themselves", new() { Exact = false }).SetInputFilesAsync(files);

    public Task PressUploadAsync() => page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

    public async Task<SubmissionPage> UploadAsync(string name, byte[] content)
    {
        await ChooseArchiveAsync(name, content);
        await PressUploadAsync();
        await page.WaitForURLAsync("**/submissions/*");
        return new SubmissionPage(page);
    }
}

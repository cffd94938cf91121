using Microsoft.Playwright;

namespace Intern.Web.Tests.Pages;

/// <summary>The applicants table of one task of a round, for admins.</summary>
public sealed class ApplicantsPage(IPage page)
{
    public ILocator Rows => page.Locator("tr[data-applicant-row]");

    public ILocator Histogram => page.Locator("[data-histogram]");

    public ILocator Csv => page.Locator("a[data-csv]");

    public static ILocator Cell(ILocator row, string column) => row.Locator($"[data-col='{column}']");

    public static async Task<ApplicantsPage> OpenAsync(IPage page, Guid round, string task = "sum")
    {
        await page.GotoAsync($"/review/rounds/{round}/{task}");
        return new ApplicantsPage(page);
    }

    public async Task AssignAsync(int perSubmission)
    {
        await page.GetByLabel("Reviewers per submission").FillAsync(perSubmission.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await NavigateAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Assign automatically" }).ClickAsync());
    }

    public async Task SearchAsync(string text, string status = "")
    {
        await page.GetByLabel("Search").FillAsync(text);
        await page.GetByLabel("Status").SelectOptionAsync(status);
        await NavigateAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync());
    }

    public async Task SortByAsync(string column)
    {
        await NavigateAsync(() => page.Locator($"a[data-sort='{column}']").ClickAsync());
    }

    /// <summary>The table's cells, row by row, as the CSV spells them.</summary>
    public async Task<List<string[]>> ReadAsync()
    {
        var rows = new List<string[]>();
        foreach (var row in await Rows.AllAsync())
        {
            string[] columns = ["applicant", "email", "auto", "review", "final", "status"];
            var cells = new List<string>();
            foreach (var column in columns)
                cells.Add((await Cell(row, column).InnerTextAsync()).Trim().Replace(" %", "", StringComparison.Ordinal).Replace("–", "", StringComparison.Ordinal));
            rows.Add([.. cells]);
        }
        return rows;
    }

    /// <summary>Clicks and waits for the page that the click loads, so that nothing is read from the page before it.</summary>
    private async Task NavigateAsync(Func<Task> click)
    {
        await page.RunAndWaitForResponseAsync(click, r => r.Request.IsNavigationRequest && r.Url.Contains("/review/rounds/", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
    }
}

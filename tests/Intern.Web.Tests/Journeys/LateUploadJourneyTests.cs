using System.Net.Http.Json;
using Intern.Web.Tests.Pages;
using Intern.Web.Tests.Site;
using static Microsoft.Playwright.Assertions;

namespace Intern.Web.Tests.Journeys;

/// <summary>
/// A task with a late penalty, in a real browser: the applicant reads the policy beside the deadline before uploading, and an
/// upload that an earlier deadline made late says what it loses, on its own page and in the history, while the one before that
/// deadline says nothing.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class LateUploadJourneyTests(InternSite site, Browser browser) : Journey(site, browser)
{
    private static readonly string[] RoundTasks = ["wordfreq", "sum"];

    [Fact]
    public Task ALateUploadIsToldWhatItLosesAndAnUploadOnTimeIsNot() => RunAsync(nameof(ALateUploadIsToldWhatItLosesAndAnUploadOnTimeIsNot), async page =>
    {
        var round = await Site.OpenRoundAsync("Spring interns 2028", RoundTasks);
        using var admin = await Site.AdminClientAsync();
        var home = await (await InvitePage.OpenAsync(page, await Site.InviteAsync(round))).AcceptAsync("kim", $"kim-{Guid.NewGuid():N}@example.test", InternSite.Password);
        // wordfreq takes 10 % per started day, sum nothing: the round names the task its policy is for.
        await Expect(home.LatePolicies).ToHaveTextAsync("Uploads for Word frequencies after the deadline lose 10 % of their final score per started day.");

        var sum = await TaskPage.OpenAsync(page, "sum");
        await Expect(sum.Heading).ToHaveTextAsync("Sum of integers");
        await Expect(sum.LatePolicy).ToHaveCountAsync(0);
        var task = await TaskPage.OpenAsync(page, "wordfreq");
        await Expect(task.LatePolicy).ToContainTextAsync("Submissions close");
        await Expect(task.LatePolicy).ToContainTextAsync("Uploads after the deadline lose 10 % of their final score per started day.");

        var onTime = (await task.UploadAsync("first.zip", Solutions.CorrectSum())).Id;
        await Expect(new SubmissionPage(page).LateNotice).ToHaveCountAsync(0);
        var late = (await (await TaskPage.OpenAsync(page, "wordfreq")).UploadAsync("second.zip", Solutions.CorrectSum())).Id;

        // The admin moves the deadline to between the two uploads: the second one came after it.
        var first = (await admin.GetFromJsonAsync<Uploaded>($"/api/submissions/{onTime}"))!.CreatedAt;
        var second = (await admin.GetFromJsonAsync<Uploaded>($"/api/submissions/{late}"))!.CreatedAt;
        var moved = new { name = "Spring interns 2028", deadline = first + ((second - first) / 2), maxSubmissions = 5, tasks = RoundTasks };
        (await admin.PutAsJsonAsync($"/api/rounds/{round}", moved)).EnsureSuccessStatusCode();

        var notice = (await SubmissionPage.OpenAsync(page, late)).LateNotice;
        await Expect(notice).ToContainTextAsync("This upload came after the deadline");
        await Expect(notice).ToContainTextAsync("It arrived less than a minute after the round's deadline");
        await Expect(notice).ToContainTextAsync("This task's policy takes 10 % of the final score for every started day after the deadline");
        await Expect(notice).ToContainTextAsync("so this upload loses 10 % of its final score.");
        var before = await SubmissionPage.OpenAsync(page, onTime);
        await Expect(before.Heading).ToContainTextAsync("Submission for");
        await Expect(before.LateNotice).ToHaveCountAsync(0);

        // The history marks the late upload, and only it.
        var history = await HistoryPage.OpenAsync(page);
        await Expect(history.Late(late)).ToHaveTextAsync("late: loses 10 %");
        await Expect(history.Late(onTime)).ToHaveCountAsync(0);
    });

    private sealed record Uploaded(DateTimeOffset CreatedAt);
}

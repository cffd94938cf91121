using System.Net;
using System.Net.Http.Json;
using Intern.Web.Tests.Pages;
using Intern.Web.Tests.Site;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intern.Web.Tests.Journeys;

/// <summary>The applicant's journey in a real browser, from the invitation link to graded results.</summary>
[Collection(SiteCollection.Name)]
public sealed class ApplicantJourneyTests(InternSite site, Browser browser) : Journey(site, browser)
{
    private static readonly string[] PhonePages = ["/", "/tasks/sum", "/submissions"];
    private static readonly string[] SumOnly = ["sum"];

    private async Task<RoundHomePage> NewApplicantAsync(IPage page, string name, string? email = null)
    {
        var invite = await InvitePage.OpenAsync(page, await Site.InviteAsync());
        await Expect(invite.Heading).ToHaveTextAsync("You are invited to Summer interns 2027");
        return await invite.AcceptAsync(name, email ?? $"{name}-{Guid.NewGuid():N}@example.test", InternSite.Password);
    }

    [Fact]
    public Task InvitedApplicantReadsTheTaskUploadsASolutionAndSeesItGraded() => RunAsync(nameof(InvitedApplicantReadsTheTaskUploadsASolutionAndSeesItGraded), async page =>
    {
        var home = await NewApplicantAsync(page, "ada");
        await Expect(home.Heading).ToHaveTextAsync("Summer interns 2027");
        // Shown in the browser's zone (Europe/Berlin here) with what is left of the six days.
        await Expect(home.Deadline).ToContainTextAsync("(in 6 days");
        await Expect(home.Deadline).ToContainTextAsync("CET");
        await Expect(home.Used("sum")).ToHaveTextAsync("0");
        await Expect(home.Left("sum")).ToHaveTextAsync("5");
        await Expect(home.Latest("sum")).ToHaveTextAsync("not submitted");

        var task = await home.OpenTaskAsync("Sum of integers");
        await Expect(task.Heading).ToHaveTextAsync("Sum of integers");
        await Expect(task.Statement).ToContainTextAsync("Read whitespace-separated integers");
        await Expect(task.Statement.Locator("code").First).ToHaveTextAsync("run");
        // The statement's picture comes from the task's image route and really loads.
        var picture = task.Statement.GetByRole(AriaRole.Img, new() { Name = "Integers in, their sum out" });
        await Expect(picture).ToHaveAttributeAsync("src", "/api/tasks/sum/images/figures/sum.png");
        await Expect(picture).ToHaveJSPropertyAsync("naturalWidth", 48);
        // Formulas arrive as MathML, typeset by the browser: the sum sign with its limits above and below.
        await Expect(task.Statement.Locator("math munderover")).ToContainTextAsync("∑");
        Assert.True(await task.Statement.Locator("math munderover").EvaluateAsync<double>("e => e.getBoundingClientRect().height") > 20, "the sum is typeset with its limits");
        // Code that names its language is coloured: keywords and comments get their own marks.
        await Expect(task.Statement.Locator("pre code.language-python .tok-k").First).ToHaveTextAsync("import");
        await Expect(task.Statement.Locator("pre code.language-python .tok-c")).ToHaveTextAsync("# one line");
        await Expect(task.Facts).ToContainTextAsync("python");
        await Expect(task.Facts).ToContainTextAsync("1 s CPU per test");
        await Expect(task.Facts).ToContainTextAsync("128 MiB");
        await Expect(task.StarterKit).ToHaveAttributeAsync("href", "/api/tasks/sum/starter.zip");
        var download = await page.RunAndWaitForDownloadAsync(() => task.StarterKit.ClickAsync());
        Assert.Equal("sum-v1-starter.zip", download.SuggestedFilename);

        var solution = Solutions.CorrectSum();
        var submission = await task.UploadAsync("sum.zip", solution);
        var id = submission.Id;
        await submission.WaitUntilGradedAsync();
        var mine = await page.RunAndWaitForDownloadAsync(() => submission.Download.ClickAsync());
        Assert.Equal("sum.zip", mine.SuggestedFilename);
        Assert.Equal(solution, await File.ReadAllBytesAsync((await mine.PathAsync())!));
        await Expect(submission.Score).ToHaveTextAsync("20");
        await Expect(submission.Tests).ToHaveCountAsync(2);
        await Expect(submission.Test("public/01")).ToContainTextAsync("passed");
        await Expect(submission.Test("public/01").Locator("td[data-label='Time']")).ToContainTextAsync(" ms");
        await Expect(submission.Hidden).ToContainTextAsync("8 hidden tests, 8 passed");

        home = await RoundHomePage.OpenAsync(page);
        await Expect(home.Used("sum")).ToHaveTextAsync("1");
        await Expect(home.Left("sum")).ToHaveTextAsync("4");
        await Expect(home.Latest("sum")).ToHaveTextAsync("graded");
        var history = await HistoryPage.OpenAsync(page);
        await Expect(history.Row(id)).ToContainTextAsync("20 / 20");
    });

    [Fact]
    public Task StatementsRenderTablesAndCodeBlocksWithoutRawHtml() => RunAsync(nameof(StatementsRenderTablesAndCodeBlocksWithoutRawHtml), async page =>
    {
        await NewApplicantAsync(page, "hal");
        var task = await TaskPage.OpenAsync(page, "log-analysis");
        await Expect(task.Heading).ToHaveCountAsync(1);
        Assert.True(await task.Statement.Locator("table").CountAsync() > 0, "the statement's tables are rendered as tables");
        Assert.True(await task.Statement.Locator("pre > code").CountAsync() > 0, "the statement's code blocks are rendered as code");
        await Expect(task.Statement.Locator("script, iframe")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task FailingSubmissionShowsItsDiffAndAResubmissionBecomesTheLatest() => RunAsync(nameof(FailingSubmissionShowsItsDiffAndAResubmissionBecomesTheLatest), async page =>
    {
        await NewApplicantAsync(page, "bob");
        var task = await TaskPage.OpenAsync(page, "sum");
        var failing = await task.UploadAsync("sum.zip", Solutions.OffByOneSum());
        var failingId = failing.Id;
        await failing.WaitUntilGradedAsync();
        await Expect(failing.Score).ToHaveTextAsync("0");
        await Expect(failing.Test("public/01")).ToContainTextAsync("wrong answer");
        await Expect(failing.Expected.First).ToHaveTextAsync("\"6\"");
        await Expect(failing.Actual.First).ToHaveTextAsync("\"7\"");

        task = await TaskPage.OpenAsync(page, "sum");
        var fixedOne = await task.UploadAsync("sum-fixed.zip", Solutions.CorrectSum());
        var fixedId = fixedOne.Id;
        await fixedOne.WaitUntilGradedAsync();
        var home = await RoundHomePage.OpenAsync(page);
        await Expect(home.Used("sum")).ToHaveTextAsync("2");
        await Expect(home.Latest("sum").GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/submissions/{fixedId}");
        // The history keeps both, newest first, each with its own score.
        var history = await HistoryPage.OpenAsync(page);
        await Expect(history.Rows).ToHaveCountAsync(2);
        await Expect(history.Rows.First).ToHaveAttributeAsync("data-submission", fixedId.ToString());
        await Expect(history.Row(fixedId)).ToContainTextAsync("20 / 20");
        await Expect(history.Row(failingId)).ToContainTextAsync("0 / 20");
    });

    [Fact]
    public Task AfterTheDeadlineUploadsAreRefusedAndReleasedResultsAppear() => RunAsync(nameof(AfterTheDeadlineUploadsAreRefusedAndReleasedResultsAppear), async page =>
    {
        // A round of this journey's own, which the admin closes and releases through the API as they would.
        var round = await Site.OpenRoundAsync("Winter interns 2027", "sum");
        using var admin = await Site.AdminClientAsync();
        var invite = await InvitePage.OpenAsync(page, await Site.InviteAsync(round));
        await Expect(invite.Heading).ToHaveTextAsync("You are invited to Winter interns 2027");
        await invite.AcceptAsync("eve", $"eve-{Guid.NewGuid():N}@example.test", InternSite.Password);
        var submission = await (await TaskPage.OpenAsync(page, "sum")).UploadAsync("sum.zip", Solutions.CorrectSum());
        var id = submission.Id;
        await submission.WaitUntilGradedAsync();
        await Expect(submission.Score).ToHaveTextAsync("20");
        await Expect(submission.Hidden).ToContainTextAsync("8 hidden tests, 8 passed");
        await Expect(submission.Test("hidden/h01")).ToHaveCountAsync(0);

        // The page is open when the round closes: the upload goes out and the refusal says why.
        var task = await TaskPage.OpenAsync(page, "sum");
        var closed = new { name = "Winter interns 2027", deadline = TimeProvider.System.GetUtcNow().AddMinutes(-1), maxSubmissions = 5, tasks = SumOnly };
        (await admin.PutAsJsonAsync($"/api/rounds/{round}", closed)).EnsureSuccessStatusCode();
        await task.ChooseArchiveAsync("late.zip", Solutions.CorrectSum());
        await task.PressUploadAsync();
        await Expect(task.Refusal).ToContainTextAsync("deadline");
        Assert.EndsWith("/tasks/sum", page.Url, StringComparison.Ordinal);

        // Opened again, the page says the task is closed instead of offering an upload.
        task = await TaskPage.OpenAsync(page, "sum");
        await Expect(task.Closed).ToContainTextAsync("Uploads for this task closed on");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Upload" })).ToHaveCountAsync(0);
        var home = await RoundHomePage.OpenAsync(page);
        await Expect(home.Used("sum")).ToHaveTextAsync("1");

        // Released: every hidden test appears with its verdict, and the score counts them.
        (await admin.PostAsync(new Uri($"/api/rounds/{round}/release", UriKind.Relative), null)).EnsureSuccessStatusCode();
        submission = await SubmissionPage.OpenAsync(page, id);
        await Expect(submission.Tests).ToHaveCountAsync(10);
        await Expect(submission.Test("hidden/h01")).ToContainTextAsync("passed");
        await Expect(submission.Hidden).ToHaveCountAsync(0);
        await Expect(submission.Score).ToHaveTextAsync("100");
    });

    [Fact]
    public Task OversizedOrMalformedUploadsAreRefusedInPlainWords() => RunAsync(nameof(OversizedOrMalformedUploadsAreRefusedInPlainWords), async page =>
    {
        await NewApplicantAsync(page, "cy");
        var task = await TaskPage.OpenAsync(page, "sum");

        // Checked in the browser before anything is sent.
        await task.ChooseArchiveAsync("big.zip", Solutions.CorrectSumWithPadding((int)InternSite.MaxUploadBytes + 1024));
        await task.PressUploadAsync();
        await Expect(task.Refusal).ToContainTextAsync("the limit is 256 KiB");

        await task.ChooseArchiveAsync("norun.zip", Solutions.WithoutRun());
        await task.PressUploadAsync();
        await Expect(task.Refusal).ToContainTextAsync("The root of the archive must hold `run`.");

        // Not a tar at all: the browser cannot tell, the server refuses and the page says why.
        await task.ChooseArchiveAsync("solution.tar", "this is not an archive"u8.ToArray());
        await task.PressUploadAsync();
        await Expect(task.Refusal).ToContainTextAsync("refused");
        Assert.EndsWith("/tasks/sum", page.Url, StringComparison.Ordinal);

        var home = await RoundHomePage.OpenAsync(page);
        await Expect(home.Used("sum")).ToHaveTextAsync("0");
    });

    [Fact]
    public Task DroppedFolderIsWalkedPackedAndGraded() => RunAsync(nameof(DroppedFolderIsWalkedPackedAndGraded), async page =>
    {
        await NewApplicantAsync(page, "ivy");
        var task = await TaskPage.OpenAsync(page, "sum");
        // Chromium cannot be handed an OS folder to drop, so the drop event carries entries shaped like the browser's
        // own FileSystemEntry tree (a folder with a nested folder, read in batches); the page's handler is the real one.
        await page.Locator("[data-drop]").EvaluateAsync(DropFolderScript);
        await Expect(page.Locator("[data-dropped]")).ToHaveTextAsync("Dropped: my-solution/ (2 files)");
        await task.PressUploadAsync();
        await page.WaitForURLAsync("**/submissions/*");
        var submission = new SubmissionPage(page);
        await submission.WaitUntilGradedAsync();
        await Expect(submission.Score).ToHaveTextAsync("20");
    });

    private const string DropFolderScript = """
        (zone) => {
          const file = (name, text) => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File([text], name)) });
          const dir = (name, children) => ({
            isFile: false, isDirectory: true, name,
            createReader: () => { let read = 0; return { readEntries: (ok) => { ok(children.slice(read, read + 1)); read += 1; } }; },
          });
          const tree = dir("my-solution", [
            file("run", "#!/bin/sh\nexec python3 lib/solution.py\n"),
            dir("lib", [file("solution.py", "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n")]),
          ]);
          const drop = new Event("drop", { bubbles: true, cancelable: true });
          Object.defineProperty(drop, "dataTransfer", { value: { items: [{ webkitGetAsEntry: () => tree }], files: [] } });
          zone.dispatchEvent(drop);
        }
        """;

    [Fact]
    public Task LooseFilesArePackedInTheBrowserAndGraded() => RunAsync(nameof(LooseFilesArePackedInTheBrowserAndGraded), async page =>
    {
        await NewApplicantAsync(page, "dee");
        var task = await TaskPage.OpenAsync(page, "sum");
        await task.ChooseFilesAsync(
            new FilePayload { Name = "run", MimeType = "text/plain", Buffer = "#!/bin/sh\nexec python3 solution.py\n"u8.ToArray() },
            new FilePayload { Name = "solution.py", MimeType = "text/plain", Buffer = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"u8.ToArray() });
        await task.PressUploadAsync();
        await page.WaitForURLAsync("**/submissions/*");
        var submission = new SubmissionPage(page);
        await submission.WaitUntilGradedAsync();
        await Expect(submission.Score).ToHaveTextAsync("20");
    });

    [Fact]
    public Task AnApplicantCannotOpenAnotherApplicantsSubmissionByUrl() => RunAsync(nameof(AnApplicantCannotOpenAnotherApplicantsSubmissionByUrl), async page =>
    {
        using var other = await Site.ApplicantClientAsync($"other-{Guid.NewGuid():N}@example.test");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Solutions.CorrectSum()), "file", "sum.zip" },
            { new StringContent("sum"), "task" },
        };
        using var uploaded = await other.PostAsync(new Uri("/api/submissions", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
        var theirs = System.Text.Json.JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        await NewApplicantAsync(page, "eve");
        var response = await page.GotoAsync($"/submissions/{theirs}");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not found");
        await Expect(page.Locator("[data-score], [data-status-text]")).ToHaveCountAsync(0);
        var api = await page.APIRequest.GetAsync($"/api/submissions/{theirs}");
        Assert.Equal(404, api.Status);
    });

    [Fact]
    public Task SignedOutVisitorsSignInAndComeBack() => RunAsync(nameof(SignedOutVisitorsSignInAndComeBack), async page =>
    {
        var email = $"fay-{Guid.NewGuid():N}@example.test";
        var invite = await InvitePage.OpenAsync(page, await Site.InviteAsync());
        var home = await invite.AcceptAsync("Fay", email, InternSite.Password);
        await home.SignOutAsync();

        await page.GotoAsync("/tasks/sum");
        Assert.Contains("/signin?returnUrl=%2Ftasks%2Fsum", page.Url, StringComparison.Ordinal);
        var signIn = new SignInPage(page);
        await signIn.SubmitAsync(email, "not the password at all");
        await Expect(signIn.Refusal).ToContainTextAsync("The email or password is wrong");
        await signIn.SubmitAsync(email, InternSite.Password);
        await page.WaitForURLAsync("**/tasks/sum");
        await Expect(new TaskPage(page).Heading).ToHaveTextAsync("Sum of integers");
    });

    [Fact]
    public Task ForgottenPasswordIsResetThroughTheLinkTheServerLogs() => RunAsync(nameof(ForgottenPasswordIsResetThroughTheLinkTheServerLogs), async page =>
    {
        var email = $"gus-{Guid.NewGuid():N}@example.test";
        var home = await NewApplicantAsync(page, "gus", email);
        await home.SignOutAsync();

        var signIn = await SignInPage.OpenAsync(page);
        await signIn.ForgotPassword.ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a link to set a new password is on its way");
        // No mail server: the hiring team finds the link in the server's log and hands it over.
        var line = Assert.Single(Site.Log.Lines, l => l.Contains(email, StringComparison.Ordinal) && l.Contains("/reset-password?", StringComparison.Ordinal));
        // No Bootstrap:PublicUrl here, so the link is a path on this site (never built from the request's Host header).
        var link = new Uri(Site.Address, line[line.IndexOf("/reset-password?", StringComparison.Ordinal)..].Trim());

        await page.GotoAsync(link.PathAndQuery);
        await page.GetByLabel("New password").FillAsync("my brand new passphrase");
        await page.GetByLabel("The same again").FillAsync("not the same passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The two passwords differ");
        await page.GetByLabel("New password").FillAsync("my brand new passphrase");
        await page.GetByLabel("The same again").FillAsync("my brand new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await page.WaitForURLAsync("**/signin?reset=done");
        await Expect(signIn.Notice).ToContainTextAsync("Your new password is set");

        await signIn.SubmitAsync(email, InternSite.Password);
        await Expect(signIn.Refusal).ToContainTextAsync("The email or password is wrong");
        await signIn.SubmitAsync(email, "my brand new passphrase");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        // The link worked once.
        await page.GotoAsync(link.PathAndQuery);
        await page.GetByLabel("New password").FillAsync("a third passphrase here");
        await page.GetByLabel("The same again").FillAsync("a third passphrase here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set the new password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid any more");
    });

    [Fact]
    public Task PagesFitAPhoneScreenAndFormsAreKeyboardUsable() => RunAsync(nameof(PagesFitAPhoneScreenAndFormsAreKeyboardUsable), async page =>
    {
        var invite = await InvitePage.OpenAsync(page, await Site.InviteAsync());
        // Every input has a label, and the form is filled and sent with the keyboard alone.
        Assert.Equal(0, await page.EvaluateAsync<int>("[...document.querySelectorAll('input:not([type=hidden])')].filter(i => !i.labels || i.labels.length === 0).length"));
        await page.GetByLabel("Your name").FocusAsync();
        await page.Keyboard.TypeAsync("Gus");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync($"gus-{Guid.NewGuid():N}@example.test");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(InternSite.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Expect(invite.Heading).ToHaveTextAsync("Summer interns 2027");

        foreach (var path in PhonePages)
        {
            await page.GotoAsync(path);
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways on a phone");
            Assert.Equal(0, await page.EvaluateAsync<int>("[...document.querySelectorAll('input:not([type=hidden])')].filter(i => !i.labels || i.labels.length === 0).length"));
        }
    }, width: 390, height: 844);
}

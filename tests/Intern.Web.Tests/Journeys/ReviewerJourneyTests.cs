using Intern.Server.Accounts;
using Intern.Web.Tests.Pages;
using Intern.Web.Tests.Site;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intern.Web.Tests.Journeys;

/// <summary>Reviewers in a real browser: scoring with the rubric, blind review, report formats, leaderboards, two reviewers and the decision.</summary>
[Collection(SiteCollection.Name)]
public sealed class ReviewerJourneyTests(InternSite site, Browser browser) : Journey(site, browser)
{
    private static async Task SignInAsync(IPage page, string email)
    {
        var signIn = await SignInPage.OpenAsync(page);
        await signIn.SubmitAsync(email, InternSite.Password);
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
    }

    [Fact]
    public Task AReviewerScoresASubmissionEndToEndWithComments() => RunAsync(nameof(AReviewerScoresASubmissionEndToEndWithComments), async page =>
    {
        var round = await Site.OpenRoundAsync("Review journey", blind: false);
        var ada = await Site.PersonAsync("Ada Byron", AccountRegistration.Applicant, round);
        var submission = await ada.UploadGradedAsync(round, ReviewSeeds.SolutionWithReport(ada.Name, ada.Email));
        var reviewer = await Site.PersonAsync("Rita Reviewer", AccountRegistration.Reviewer);
        await Site.AssignAsync(submission, reviewer);

        await SignInAsync(page, reviewer.Email);
        var queue = await ReviewQueuePage.OpenAsync(page);
        await Expect(queue.Progress).ToHaveTextAsync("0 of 1 reviewed.");
        var review = await queue.PressNextAsync();
        Assert.EndsWith($"/review/{submission}", page.Url, StringComparison.Ordinal);
        await Expect(review.Applicant).ToHaveTextAsync("Ada Byron");
        await Expect(review.Report.Locator("table")).ToHaveCountAsync(1);
        await Expect(review.Report.Locator("pre code")).ToHaveCountAsync(1);
        await Expect(review.Report).ToContainTextAsync("arbitrary-precision integers");
        await Expect(review.File("solution.py")).ToBeVisibleAsync();
        await Expect(review.File("notes/ada-byron-notes.txt")).ToBeVisibleAsync();
        await Expect(review.Code("solution.py").Locator(".tok-k", new() { HasText = "def" })).ToHaveCountAsync(1);
        await Expect(review.Code("solution.py").Locator(".tok-c").First).ToContainTextAsync("# Sum of integers");
        // What the applicant changed in the starter kit shows as a diff; their own files as code.
        await Expect(review.Code("solution.py").Locator("[data-starter='changed']")).ToHaveCountAsync(1);
        await Expect(review.Code("solution.py").Locator("ol.diff li.del", new() { HasText = "print(0)" })).ToHaveCountAsync(1);
        await Expect(review.Code("solution.py").Locator("ol.diff li.add", new() { HasText = "def total(text):" })).ToHaveCountAsync(1);
        await Expect(review.Code("report.md").Locator("[data-starter]")).ToHaveCountAsync(0);
        // Reviewers see every test with its evidence, hidden ones included.
        await Expect(review.Tests).ToHaveCountAsync(10);
        // Beside the criterion it informs, the rubric names what the tests found (rubric.yaml's evidence).
        await Expect(page.Locator("[data-evidence='code'] [data-group='hidden']")).ToContainTextAsync("hidden: 8 of 8 tests passed, 80 / 80 points");
        await Expect(page.Locator("[data-evidence='code'] [data-group='public']")).ToContainTextAsync("public: 2 of 2 tests passed");
        await Expect(page.Locator("[data-evidence='report']")).ToHaveCountAsync(0);

        await review.ScoreAsync("code", 10, "One pass, clear names.");
        await review.WaitUntilSavedAsync();
        await page.ReloadAsync();
        await Expect(review.Level("code", 10)).ToBeCheckedAsync();
        await Expect(review.Comment("code")).ToHaveValueAsync("One pass, clear names.");

        // Comments on lines of code: the mark beside a line opens the form there, and the code is refreshed in place.
        await review.Code("solution.py").Locator("summary", new() { HasText = "The whole file" }).ClickAsync();
        await review.CommentOnLineAsync("solution.py", 7, "A generator: no list of a million ints.");
        await review.CommentOnLineAsync("solution.py", 11, "Taken back later.");
        await review.RemoveLineCommentAsync("solution.py", 11, "Taken back later.");
        await Expect(review.Comment("code")).ToHaveValueAsync("One pass, clear names.");
        await page.ReloadAsync();
        await Expect(review.LineNotes("solution.py", 7)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("You:\\s*A generator: no list of a million ints\\."));
        await Expect(review.LineNotes("solution.py", 11)).ToHaveCountAsync(0);
        // Without the page's script the same form sits under the files and posts by itself.
        await using (var plain = await page.Context.Browser!.NewContextAsync(new() { BaseURL = Site.Address.ToString(), JavaScriptEnabled = false }))
        {
            var noScript = await plain.NewPageAsync();
            await SignInAsync(noScript, reviewer.Email);
            await noScript.GotoAsync($"/review/{submission}");
            await noScript.SelectOptionAsync("#line-path", "report.md");
            await noScript.FillAsync("#line-number", "9");
            await noScript.FillAsync("#line-text", "Which machine?");
            await noScript.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
            await Expect(new ReviewPage(noScript).LineNotes("report.md", 9)).ToContainTextAsync("Which machine?");
            await noScript.FillAsync("#line-number", "99");
            await noScript.FillAsync("#line-text", "Nowhere.");
            await noScript.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
            await Expect(noScript.Locator("#line-comment [role=alert]").First).ToContainTextAsync("there is no line 99");
        }
        await page.ReloadAsync();
        await review.ScoreAsync("report", 4, "Short; how it was tested is missing.");
        await review.SubmitAsync();

        await Expect(review.Locked).ToBeVisibleAsync();
        await Expect(review.Locked.Locator("[data-line-comments] li")).ToHaveCountAsync(2);
        await Expect(review.Locked.Locator("[data-line-comments]")).ToContainTextAsync("solution.py:7 A generator");
        await Expect(review.Locked.Locator("[data-line-comments]")).ToContainTextAsync("report.md:9 Which machine?");
        await Expect(review.LineMarks).ToHaveCountAsync(0);
        await Expect(review.Total).ToHaveTextAsync("14");
        await Expect(review.Locked).ToContainTextAsync("One pass, clear names.");
        await Expect(review.Locked).ToContainTextAsync("Short; how it was tested is missing.");
        // sum weighs auto 80 and review 20: 0.8 * 100 + 0.2 * 70.
        await Expect(review.Final).ToHaveTextAsync("94 %");
        await Expect(page.Locator("form.rubric")).ToHaveCountAsync(0);
        queue = await ReviewQueuePage.OpenAsync(page);
        await Expect(queue.Progress).ToHaveTextAsync("1 of 1 reviewed.");
        await Expect(queue.Next).ToHaveCountAsync(0);
    });

    [Fact]
    public Task BlindReviewHidesTheApplicantsNameAndEmailUntilTheReviewsAreLocked() => RunAsync(nameof(BlindReviewHidesTheApplicantsNameAndEmailUntilTheReviewsAreLocked), async page =>
    {
        var round = await Site.OpenRoundAsync("Blind journey", blind: true);
        var grace = await Site.PersonAsync("Grace Hopper", AccountRegistration.Applicant, round);
        var submission = await grace.UploadGradedAsync(round, ReviewSeeds.SolutionWithReport(grace.Name, grace.Email), "grace-hopper-sum.zip");
        var reviewer = await Site.PersonAsync("Blind Reviewer", AccountRegistration.Reviewer);
        await Site.AssignAsync(submission, reviewer);
        string[] identity = [grace.Name, "Hopper", grace.Email, grace.Email.Split('@')[0]];
        async Task AssertHiddenAsync(string what, string text)
        {
            foreach (var secret in identity)
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{what} shows \"{secret}\"");
        }

        await page.ActAsAsync(reviewer);
        await ReviewQueuePage.OpenAsync(page);
        await AssertHiddenAsync("the queue page", await page.ContentAsync());
        var review = await ReviewPage.OpenAsync(page, submission);
        await Expect(review.Applicant).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z][a-z]+ [A-Z][a-z]+ [0-9A-F]{2}$"));
        var pseudonym = await review.Applicant.InnerTextAsync();
        await Expect(review.Report).ToContainTextAsync($"Written by {pseudonym.Replace(' ', '-')}");
        await review.ScoreAsync("code", 5, "Fine.");
        await review.WaitUntilSavedAsync();
        await AssertHiddenAsync("the review page", await page.ContentAsync());
        foreach (var url in new[] { "/api/reviews/queue", $"/api/reviews/{submission}", $"/api/submissions/{submission}", $"/api/submissions/{submission}/result",
                     $"/api/submissions/{submission}/archive", "/api/rounds/", $"/api/rounds/{round}", "/api/tasks/", "/", "/submissions", $"/submissions/{submission}" })
        {
            var response = await page.APIRequest.GetAsync(url);
            await AssertHiddenAsync($"{url} ({response.Status})", await response.TextAsync());
        }

        await review.ScoreAsync("report", 10, "Clear.");
        await review.SubmitAsync();
        // The only review is locked: now the reviewer may know whose work it was.
        await Expect(review.Applicant).ToHaveTextAsync(grace.Name);
    });

    [Fact]
    public Task TheLeaderboardIsDrawnAndTheGradingsScreenshotsShowBesideTheCode() => RunAsync(nameof(TheLeaderboardIsDrawnAndTheGradingsScreenshotsShowBesideTheCode), async page =>
    {
        var round = await Site.OpenRoundAsync("Leaderboard journey", blind: false);
        var slow = await Site.PersonAsync("Sam Slowloop", AccountRegistration.Applicant, round);
        var fast = await Site.PersonAsync("Fiona Fastblock", AccountRegistration.Applicant, round);
        var slowSubmission = await slow.UploadGradedAsync(round, Solutions.CorrectSum());
        var fastSubmission = await fast.UploadGradedAsync(round, Solutions.CorrectSum());
        // What a matmul checker reports: GFLOP/s for the leaderboard and a plot for the reviewers.
        static Intern.Grading.Results.GradingResult Measured(double gflops) => new()
        {
            Score = 1,
            MaxScore = 1,
            Leaderboard = [new Intern.Grading.Results.LeaderboardEntry("GFLOP/s", gflops)],
            Artifacts = [new Intern.Grading.Results.Artifact("speed-up.png", "image/png", "performance/speed-up.png")],
            ArtifactFiles = [new Intern.Grading.Sandbox.SandboxFile("performance/speed-up.png", Convert.FromBase64String(OnePixelPng))],
        };
        await Site.RecordResultAsync(slowSubmission, Measured(2.5));
        await Site.RecordResultAsync(fastSubmission, Measured(11.25));

        await page.ActAsAsync(await Site.PersonAsync("Board Admin", AccountRegistration.Admin));
        await ApplicantsPage.OpenAsync(page, round);
        var board = page.Locator("figure[data-leaderboard='GFLOP/s']");
        await Expect(board.Locator("g[data-place]")).ToHaveCountAsync(2);
        await Expect(board.Locator("g[data-place='1']")).ToHaveAttributeAsync("data-value", "11.25");
        await Expect(board.Locator("g[data-place='1']")).ToContainTextAsync("Fiona Fastblock");
        await Expect(board.Locator("g[data-place='2']")).ToContainTextAsync("Sam Slowloop");

        var review = await ReviewPage.OpenAsync(page, fastSubmission);
        var shot = page.Locator("[data-artifacts] figure[data-artifact='speed-up.png'] img");
        await Expect(shot).ToBeVisibleAsync();
        // Served by the platform, and it really is the image (the browser decoded it).
        Assert.True(await shot.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"));
        Assert.NotNull(review);
    });

    [Fact]
    public Task NotebookAndPdfReportsAreReadInThePage() => RunAsync(nameof(NotebookAndPdfReportsAreReadInThePage), async page =>
    {
        var round = await Site.OpenRoundAsync("Report formats journey", blind: false);
        var nora = await Site.PersonAsync("Nora Notebook", AccountRegistration.Applicant, round);
        var petra = await Site.PersonAsync("Petra Pdf", AccountRegistration.Applicant, round);
        var notebook = $$$"""
            {"metadata": {"authors": [{"name": "Nora Notebook"}]}, "nbformat": 4, "cells": [
              {"cell_type": "markdown", "source": ["# Findings\n", "The sum is **linear** in the input."]},
              {"cell_type": "code", "source": "import time\nprint(sum(range(4)))", "outputs": [
                {"output_type": "stream", "name": "stdout", "text": "6\n"},
                {"output_type": "execute_result", "data": {"text/html": "<table><tr><th>n</th><th>seconds</th></tr><tr><td>1000000</td><td>0.4</td></tr></table><script>document.title='owned'</script>", "text/plain": "n seconds"}},
                {"output_type": "display_data", "data": {"image/png": "{{{OnePixelPng}}}"}}
              ]}
            ]}
            """;
        var withNotebook = await nora.UploadGradedAsync(round, Solutions.Zip(("run", "#!/bin/sh\nexec python3 solution.py\n"),
            ("solution.py", "import sys\n\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"), ("report.ipynb", notebook)));
        var pdf = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = pdf.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        pdf.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Peak of one core: 48 GFLOP/s", 12, new UglyToad.PdfPig.Core.PdfPoint(40, 760), font);
        var withPdf = await petra.UploadGradedAsync(round, Solutions.Zip(("run", "#!/bin/sh\nexec python3 solution.py\n"),
            ("solution.py", "import sys\n\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"), ("report.pdf", pdf.Build())));
        await page.ActAsAsync(await Site.PersonAsync("Format Admin", AccountRegistration.Admin));

        await ReviewPage.OpenAsync(page, withNotebook);
        var report = page.Locator("[data-report-kind='notebook']");
        await Expect(report.Locator("[data-cell='markdown'] h3")).ToHaveTextAsync("Findings");
        await Expect(report.Locator("[data-cell='markdown'] strong")).ToHaveTextAsync("linear");
        await Expect(report.Locator("[data-cell='code'] .tok-k", new() { HasText = "import" })).ToHaveCountAsync(1);
        await Expect(report.Locator("[data-output='stream'], [data-output='text']").First).ToHaveTextAsync("6");
        await Expect(report.Locator("[data-output='table'] td").Last).ToHaveTextAsync("0.4");
        await Expect(report.Locator("[data-output='table'] script")).ToHaveCountAsync(0);
        Assert.NotEqual("owned", await page.TitleAsync());
        Assert.True(await report.Locator("img[data-output='image']").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"));

        await ReviewPage.OpenAsync(page, withPdf);
        var document = page.Locator("[data-report-kind='pdf']");
        await Expect(document.Locator("object[data-pdf]")).ToHaveAttributeAsync("data", $"/api/reviews/{withPdf}/report.pdf");
        await Expect(document.Locator("[data-page='1']")).ToHaveTextAsync("Peak of one core: 48 GFLOP/s");
        var served = await page.APIRequest.GetAsync($"/api/reviews/{withPdf}/report.pdf");
        Assert.Equal(("application/pdf", true), (served.Headers["content-type"], (await served.BodyAsync()).AsSpan().StartsWith("%PDF"u8)));
    });

    /// <summary>A valid 1x1 PNG.</summary>
    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    [Fact]
    public Task TwoReviewersScoreIndependentlyAndTheirDisagreementAppears() => RunAsync(nameof(TwoReviewersScoreIndependentlyAndTheirDisagreementAppears), async page =>
    {
        var round = await Site.OpenRoundAsync("Two reviewers", blind: false);
        var alan = await Site.PersonAsync("Alan Turing", AccountRegistration.Applicant, round);
        var submission = await alan.UploadGradedAsync(round, ReviewSeeds.SolutionWithReport(alan.Name, alan.Email));
        var first = await Site.PersonAsync("First Reviewer", AccountRegistration.Reviewer);
        var second = await Site.PersonAsync("Second Reviewer", AccountRegistration.Reviewer);
        await Site.AssignAsync(submission, first, second);

        await page.ActAsAsync(first);
        var review = await ReviewPage.OpenAsync(page, submission);
        await Expect(review.Others).ToHaveCountAsync(0);
        await review.ScoreAsync("code", 10, "Exemplary structure.");
        await review.ScoreAsync("report", 10, "Measured and explained.");
        await review.SubmitAsync();
        await Expect(review.Locked).ToBeVisibleAsync();
        await Expect(review.Disagreement).ToHaveCountAsync(0);

        await page.ActAsAsync(second);
        review = await ReviewPage.OpenAsync(page, submission);
        // Nothing of the first review shows before the second reviewer has submitted.
        await Expect(review.Others).ToHaveCountAsync(0);
        Assert.DoesNotContain("Exemplary structure.", await page.ContentAsync(), StringComparison.Ordinal);
        await review.ScoreAsync("code", 0, "Copied from a tutorial.");
        await review.ScoreAsync("report", 0, "Does not say how it was tested.");
        await review.SubmitAsync();
        await Expect(review.Disagreement).ToBeVisibleAsync();
        await Expect(review.Others).ToHaveCountAsync(1);
        await Expect(review.Others).ToContainTextAsync("Exemplary structure.");

        await page.ActAsAsync(await Site.PersonAsync("Site Admin", AccountRegistration.Admin));
        var table = await ApplicantsPage.OpenAsync(page, round);
        await Expect(table.Rows).ToHaveCountAsync(1);
        await Expect(table.Rows.Locator("[data-disagreement]")).ToBeVisibleAsync();
        await Expect(ApplicantsPage.Cell(table.Rows, "review")).ToHaveTextAsync("50 %");
        await Expect(ApplicantsPage.Cell(table.Rows, "status")).ToHaveTextAsync("reviewed");
        await ApplicantsPage.Cell(table.Rows, "decision").ClickAsync();
        await page.GetByLabel("Decision").SelectOptionAsync("hold");
        await page.GetByLabel("Note").FillAsync("Reviewers disagree: ask about testing in the interview.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save decision" }).ClickAsync();
        await page.WaitForURLAsync($"**/review/rounds/{round}/sum");
        await Expect(ApplicantsPage.Cell(table.Rows, "status")).ToHaveTextAsync("hold");
        await Expect(table.Rows).ToContainTextAsync("ask about testing in the interview");

        // Applicants never reach the staff pages: they answer like pages that do not exist.
        await page.ActAsAsync(alan);
        foreach (var url in new[] { "/review", $"/review/{submission}", "/review/rounds", $"/review/rounds/{round}/sum" })
            Assert.Equal(404, (await page.GotoAsync(url))!.Status);
    });
}


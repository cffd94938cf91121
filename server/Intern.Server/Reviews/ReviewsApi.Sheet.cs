using System.Security.Claims;
using Intern.Grading.Results;
using Intern.Grading.Submissions;
using Intern.Grading.Tasks;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Reviews;

public static partial class ReviewsApi
{
    private const int MaxCommentLength = 8000;

    /// <summary>The submission as its reviewer (or an admin) reads it; someone else's assignment answers like a missing one.</summary>
    internal static async Task<Results<Ok<ReviewSheet>, NotFound>> SheetAsync(Guid id, ClaimsPrincipal principal, InternDb db, TaskCatalog catalog,
        ReviewOptions options, Submissions.IntakeOptions intake, ReportCache reports, CancellationToken ct)
    {
        var me = Caller(principal);
        var admin = principal.IsInRole(AccountRegistration.Admin);
        var submission = await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null)
            return TypedResults.NotFound();
        var reviews = await db.Reviews.AsNoTracking().AsSplitQuery().Where(r => r.SubmissionId == id).ToListAsync(ct);
        var mine = reviews.SingleOrDefault(r => r.ReviewerId == me);
        if (mine is null && !admin)
            return TypedResults.NotFound();
        var round = submission.RoundId is { } roundId ? await db.HiringRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct) : null;
        var blind = await BlindView.ForAsync(db, principal, id, ct);
        var applicant = blind.Reveals
            ? await db.Users.Where(u => u.Id == submission.ApplicantId).Select(u => u.DisplayName ?? u.Email ?? "applicant").SingleAsync(ct)
            : blind.Pseudonym;
        var Clean = blind.Clean;

        var task = catalog.Find(submission.TaskSlug, submission.TaskVersion) ?? catalog.Find(submission.TaskSlug);
        var raw = await RawFilesAsync(db, submission.BlobSha256, intake.Archive, ct);
        var files = SubmissionFiles.AgainstStarter(SubmissionFiles.Show(raw, options.MaxShownFileBytes), task is null ? null : Path.Combine(task.Directory, "starter"));
        var reportPath = ReportDocuments.PickPath(raw.Select(f => f.Path));
        var document = reportPath is null ? null
            : await reports.GetOrReadAsync(submission.BlobSha256, reportPath, blind, () => ReadReportAsync(reportPath, raw.First(f => f.Path == reportPath).Content, Clean, ct)) is { } d
            ? d with { Path = Clean(d.Path) }
            : null;
        files = [.. files.Select(f => f with
        {
            Path = Clean(f.Path),
            Text = f.Text is null ? null : Clean(f.Text),
            Diff = f.Diff?.Select(l => l with { Text = Clean(l.Text) }).ToList(),
        })];
        var json = submission.CurrentResultId is { } resultId
            ? await db.GradingRecords.Where(r => r.Id == resultId).Select(r => r.Json).SingleOrDefaultAsync(ct)
            : null;
        var evidence = json is null ? null : Redacted(ResultJson.Deserialize(json), Clean);
        var grading = (await GradingAsync(db, [id], ct))[id];
        var weights = task?.Scoring ?? new ScoringWeights();
        var late = round is null ? 0 : ReviewScoring.LatePenaltyPercent(submission.CreatedAt, round.Deadline, task?.Deadline.LatePenaltyPercentPerDay ?? 0);

        var seeOthers = mine?.State == ReviewState.Submitted || (admin && mine is null);
        var names = await ReviewerNamesAsync(db, reviews.Select(r => r.ReviewerId), ct);
        // Other reviews once submitted only (a draft is its author's until then), and in a blind round with anything
        // identifying taken out of their comments too: an admin who reviews sees names, and might write one.
        var others = seeOthers
            ? reviews.Where(r => r != mine && r.State == ReviewState.Submitted).OrderBy(r => r.AssignedAt)
                .Select(r => View(r, names[r.ReviewerId], Clean))
                .Select(v => blind.Reveals ? v : v with
                {
                    Comment = Clean(v.Comment),
                    Scores = [.. v.Scores.Select(s => s with { Comment = Clean(s.Comment) })],
                    Lines = [.. v.Lines.Select(l => l with { Text = Clean(l.Text) })],
                })
                .ToList()
            : [];
        var totals = reviews.Where(r => r.State == ReviewState.Submitted && r.Total is not null).Select(r => (r.Total!.Value, r.MaxPoints ?? 0)).ToList();
        var reviewPercent = seeOthers ? ReviewScoring.ReviewPercent(totals) : null;
        return TypedResults.Ok(new ReviewSheet(submission.Id, applicant,
            round?.BlindReview == true, round?.Id, round?.Name ?? "", submission.TaskSlug, task?.Title ?? submission.TaskSlug, submission.TaskVersion,
            Clean(submission.FileName), submission.CreatedAt, grading.Status, evidence, grading.Auto, weights, task?.Rubric, files,
            reportPath is null ? null : Clean(reportPath), mine is null ? null : View(mine, names[mine.ReviewerId], Clean), others,
            reviewPercent, seeOthers ? ReviewScoring.Final(grading.Auto, reviewPercent, weights, late) : null,
            seeOthers && ReviewScoring.Disagree(totals, options.DisagreementThreshold)) { Document = document, Reveals = blind.Reveals, LatePenalty = late });
    }

    /// <summary>
    /// The submission's PDF report itself, for the page to embed: for its reviewers and admins, and never in a blind round
    /// before the reviews are locked (a PDF's properties and text name its author; those reviewers read the extracted text).
    /// </summary>
    internal static async Task<Results<FileContentHttpResult, NotFound>> ReportPdfAsync(Guid id, ClaimsPrincipal principal, HttpContext context,
        InternDb db, Submissions.IntakeOptions intake, CancellationToken ct)
    {
        var me = Caller(principal);
        var submission = await db.Submissions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (submission is null
            || (!principal.IsInRole(AccountRegistration.Admin) && !await db.Reviews.AnyAsync(r => r.SubmissionId == id && r.ReviewerId == me, ct))
            || !(await BlindView.ForAsync(db, principal, id, ct)).Reveals)
            return TypedResults.NotFound();
        var raw = await RawFilesAsync(db, submission.BlobSha256, intake.Archive, ct);
        if (ReportDocuments.PickPath(raw.Select(f => f.Path)) is not { } path || !path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            return TypedResults.NotFound();
        // Embedded by our own page only; the viewer is the browser's, which runs no script of the file's.
        context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'self'";
        return TypedResults.File(raw.First(f => f.Path == path).Content.ToArray(), "application/pdf");
    }

    /// <summary>How long a notebook or PDF may take to read before the page goes on without it (a hostile file may be slow to parse).</summary>
    private static readonly TimeSpan ReportReadTime = TimeSpan.FromSeconds(10);

    private static async Task<ReportDocument?> ReadReportAsync(string path, ReadOnlyMemory<byte> content, Func<string, string> clean, CancellationToken ct)
    {
        try
        {
            return await Task.Run(() => ReportDocuments.Read(path, content, clean), ct).WaitAsync(ReportReadTime, ct);
        }
        catch (TimeoutException)
        {
            var kind = path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) ? "notebook" : "pdf";
            return new ReportDocument(path, kind, [], [], $"The report took longer than {ReportReadTime.TotalSeconds:0} s to read, so it is not shown here.");
        }
    }

    private static async Task<IReadOnlyList<Grading.Sandbox.SandboxFile>> RawFilesAsync(InternDb db, string blob, ArchiveLimits limits, CancellationToken ct)
    {
        var content = await db.Blobs.Where(b => b.Sha256 == blob).Select(b => b.Content).SingleAsync(ct);
        try
        {
            return await SubmissionFiles.ReadRawAsync(content, limits, ct);
        }
        catch (SubmissionFormatException)
        {
            // Not gradable as uploaded (the result says why); there are no files to show.
            return [];
        }
    }

    private static Evidence Redacted(GradingResult result, Func<string, string> clean) => new(result.Score, result.MaxScore, result.Gradable,
        [.. result.FormatErrors.Select(clean)], [.. result.Tests.Select(t => t with { Output = clean(t.Output) })], result.Metrics,
        [.. result.Artifacts.Select(a => a with { Name = clean(a.Name), Path = clean(a.Path) })], clean(result.Output));

    internal static async Task<Dictionary<Guid, string>> ReviewerNamesAsync(InternDb db, IEnumerable<Guid> reviewers, CancellationToken ct)
    {
        var ids = reviewers.Distinct().ToList();
        return await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.Email ?? "reviewer", ct);
    }

    internal static Task<Results<Ok<ReviewView>, NotFound, ValidationProblem, ProblemHttpResult>> DraftAsync(Guid id, ReviewRequest request,
        ClaimsPrincipal principal, InternDb db, TaskCatalog catalog, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(id, request, principal, db, catalog, time, submit: false, ct);

    internal static Task<Results<Ok<ReviewView>, NotFound, ValidationProblem, ProblemHttpResult>> SubmitAsync(Guid id, ReviewRequest request,
        ClaimsPrincipal principal, InternDb db, TaskCatalog catalog, TimeProvider time, CancellationToken ct) =>
        ChangeAsync(id, request, principal, db, catalog, time, submit: true, ct);

    private static async Task<Results<Ok<ReviewView>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, ReviewRequest request,
        ClaimsPrincipal principal, InternDb db, TaskCatalog catalog, TimeProvider time, bool submit, CancellationToken ct)
    {
        var me = Caller(principal);
        if (!await db.Reviews.AnyAsync(r => r.SubmissionId == id && r.ReviewerId == me, ct))
            return TypedResults.NotFound();
        var slug = await db.Submissions.Where(s => s.Id == id).Select(s => new { s.TaskSlug, s.TaskVersion }).SingleAsync(ct);
        if ((catalog.Find(slug.TaskSlug, slug.TaskVersion) ?? catalog.Find(slug.TaskSlug))?.Rubric is not { } rubric)
            return TypedResults.Problem($"Task '{slug.TaskSlug}' has no rubric.yaml on this server, so it cannot be scored.", statusCode: StatusCodes.Status409Conflict);
        var scores = (request.Scores ?? []).Where(s => s is not null).ToList();
        var problems = ReviewScoring.Problems(rubric, scores, complete: submit).ToList();
        if (scores.Any(s => string.IsNullOrEmpty(s.Criterion)))
            problems.Add("Every score names its criterion.");
        if (request.Comment is { Length: > MaxCommentLength })
            problems.Add($"The overall comment is longer than {MaxCommentLength} characters.");
        // A submitted review answers "locked" before anything else: its scores no longer matter.
        if (problems.Count > 0 && !await db.Reviews.AnyAsync(r => r.SubmissionId == id && r.ReviewerId == me && r.State == ReviewState.Submitted, ct))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scores"] = [.. problems] });

        var (saved, review) = await SaveReviewAsync(db, id, me, r =>
        {
            if (submit)
                r.Submit(rubric, scores, request.Comment, time.GetUtcNow());
            else
                r.SaveDraft(rubric, scores, request.Comment, time.GetUtcNow());
            return true;
        }, ct);
        if (saved != Saved.Yes)
            return saved switch { Saved.Locked => Locked(), Saved.Busy => Busy(), _ => TypedResults.NotFound() };
        var names = await ReviewerNamesAsync(db, [me], ct);
        var blind = await BlindView.ForAsync(db, principal, id, ct);
        return TypedResults.Ok(View(review!, names[me], blind.Clean));
    }
}

using System.Security.Claims;
using Intern.Grading.Results;
using Intern.Grading.Tasks;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Reviews;

/// <summary>
/// Reviewers work through their queue and score submissions against the task's rubric; admins assign reviewers,
/// read the applicants table (also as CSV) and decide. In blind rounds a reviewer never gets the applicant's
/// name or email from here, and sees other reviews of a submission only after submitting their own.
/// </summary>
public static partial class ReviewsApi
{
    public sealed record QueueItem(Guid Submission, string Applicant, string Round, string Task, string TaskTitle, string State,
        DateTimeOffset AssignedAt, string GradingStatus, double? AutoPercent);

    /// <summary>The caller's assignments in their stable order; <c>Next</c> is the first one not yet submitted.</summary>
    public sealed record ReviewQueue(IReadOnlyList<QueueItem> Items, Guid? Next, int Submitted, int Total);

    public sealed record ScoreView(string Criterion, double? Points, string Comment);

    public sealed record ReviewView(Guid Id, string Reviewer, string State, IReadOnlyList<ScoreView> Scores, string Comment, double? Total,
        double? MaxPoints, DateTimeOffset? UpdatedAt, DateTimeOffset? SubmittedAt, IReadOnlyList<LineCommentView> Lines);

    /// <summary>What the grader found, with anything identifying taken out in blind rounds.</summary>
    public sealed record Evidence(double Score, double MaxScore, bool Gradable, IReadOnlyList<string> FormatErrors, IReadOnlyList<TestResult> Tests,
        IReadOnlyDictionary<string, Metric> Metrics, IReadOnlyList<Artifact> Artifacts, string Output);

    /// <summary>
    /// Everything needed to review one submission. <c>Others</c>, <c>ReviewPercent</c>, <c>FinalPercent</c> and
    /// <c>Disagreement</c> stay empty until the caller's own review is submitted (admins who review nothing see them at once).
    /// </summary>
    public sealed record ReviewSheet(Guid Submission, string Applicant, bool Blind, Guid? RoundId, string Round, string Task, string TaskTitle,
        int TaskVersion, string FileName, DateTimeOffset UploadedAt, string GradingStatus, Evidence? Result, double? AutoPercent, ScoringWeights Weights,
        Rubric? Rubric, IReadOnlyList<SubmissionFiles.File> Files, string? Report, ReviewView? Mine, IReadOnlyList<ReviewView> Others,
        double? ReviewPercent, double? FinalPercent, bool Disagreement)
    {
        /// <summary>The report when it is a notebook or a PDF (a Markdown report is one of <see cref="Files"/>).</summary>
        public ReportDocument? Document { get; init; }

        /// <summary>The caller may know the applicant (an admin, or every review locked): the page may embed the PDF itself.</summary>
        public bool Reveals { get; init; }

        /// <summary>Percent taken off the final score because the upload came after the round's deadline.</summary>
        public double LatePenalty { get; init; }
    }

    public sealed record ReviewRequest(IReadOnlyList<ScoreInput>? Scores, string? Comment);

    public static IEndpointRouteBuilder MapReviews(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reviews").WithTags("Reviews").RequireAuthorization(AccountRegistration.Reviewer);
        group.MapGet("/queue", QueueAsync);
        group.MapGet("/{id:guid}", SheetAsync);
        group.MapGet("/{id:guid}/report.pdf", ReportPdfAsync);
        group.MapPut("/{id:guid}/draft", DraftAsync);
        group.MapPost("/{id:guid}/submit", SubmitAsync);
        group.MapPost("/{id:guid}/lines", AddLineCommentAsync);
        group.MapDelete("/{id:guid}/lines/{comment:guid}", RemoveLineCommentAsync);
        group.MapPost("/assignments", AssignAsync).RequireAuthorization(AccountRegistration.Admin);
        group.MapPost("/rounds/{round:guid}/{task}/assign", AssignRoundAsync).RequireAuthorization(AccountRegistration.Admin);
        group.MapGet("/rounds/{round:guid}/{task}", TableAsync).RequireAuthorization(AccountRegistration.Admin);
        group.MapGet("/rounds/{round:guid}/{task}/applicants.csv", CsvAsync).RequireAuthorization(AccountRegistration.Admin);
        group.MapPut("/rounds/{round:guid}/{task}/decisions/{applicant:guid}", DecideAsync).RequireAuthorization(AccountRegistration.Admin);
        return app;
    }

    internal static Guid Caller(ClaimsPrincipal principal) => Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);

    internal static async Task<Ok<ReviewQueue>> QueueAsync(ClaimsPrincipal principal, InternDb db, Tasks.TaskCatalog catalog, CancellationToken ct)
    {
        var me = Caller(principal);
        var rows = await (
            from review in db.Reviews.AsNoTracking()
            join submission in db.Submissions on review.SubmissionId equals submission.Id
            join user in db.Users on submission.ApplicantId equals user.Id
            join round in db.HiringRounds on submission.RoundId equals round.Id into rounds
            from round in rounds.DefaultIfEmpty()
            where review.ReviewerId == me
            select new
            {
                review.SubmissionId, review.State, review.AssignedAt, submission.ApplicantId, submission.TaskSlug, submission.RoundId,
                RoundName = round == null ? "" : round.Name, Blind = round != null && round.BlindReview, user.DisplayName, user.Email,
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.SubmissionId).ToList();
        var locked = await LockedAsync(db, ids, ct);
        var grading = await GradingAsync(db, ids, ct);
        var items = rows
            .OrderBy(r => ReviewPlan.OrderKey(me, r.SubmissionId))
            .Select(r =>
            {
                var applicant = Blinding.Reveals(r.Blind, principal.IsInRole(AccountRegistration.Admin), locked.Contains(r.SubmissionId))
                    ? r.DisplayName ?? r.Email ?? "applicant"
                    : Blinding.Pseudonym(r.RoundId ?? Guid.Empty, r.ApplicantId, r.TaskSlug);
                var (status, auto) = grading.GetValueOrDefault(r.SubmissionId, ("queued", null));
                return new QueueItem(r.SubmissionId, applicant, r.RoundName, r.TaskSlug, catalog.Find(r.TaskSlug)?.Title ?? r.TaskSlug,
                    r.State.ToString().ToLowerInvariant(), r.AssignedAt, status, auto);
            }).ToList();
        var next = items.FirstOrDefault(i => i.State != "submitted")?.Submission;
        return TypedResults.Ok(new ReviewQueue(items, next, items.Count(i => i.State == "submitted"), items.Count));
    }

    /// <summary>Submissions among <paramref name="ids"/> that have reviews, every one of them submitted.</summary>
    internal static async Task<HashSet<Guid>> LockedAsync(InternDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var reviewed = await db.Reviews.Where(r => ids.Contains(r.SubmissionId)).Select(r => r.SubmissionId).Distinct().ToListAsync(ct);
        var open = await db.Reviews.Where(r => ids.Contains(r.SubmissionId) && r.State != ReviewState.Submitted).Select(r => r.SubmissionId).Distinct().ToListAsync(ct);
        return [.. reviewed.Except(open)];
    }

    /// <summary>Each submission's status word and auto-graded percent.</summary>
    internal static async Task<Dictionary<Guid, (string Status, double? Auto)>> GradingAsync(InternDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var jobs = db.GradingJobs.OrderByDescending(j => j.EnqueuedAt);
        var rows = await db.Submissions.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new
        {
            s.Id,
            State = jobs.Where(j => j.SubmissionId == s.Id).Select(j => (Queue.JobState?)j.State).FirstOrDefault(),
            Result = db.GradingRecords.Where(r => r.Id == s.CurrentResultId).Select(r => new { r.Score, r.MaxScore }).FirstOrDefault(),
        }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => (Submissions.SubmissionStatus.Of(r.State, r.Result is not null), ReviewScoring.AutoPercent(r.Result?.Score, r.Result?.MaxScore)));
    }

    /// <summary>The review as its reader may see it; <paramref name="clean"/> takes identity out of the paths its line comments name.</summary>
    internal static ReviewView View(Review review, string reviewer, Func<string, string> clean) => new(review.Id, reviewer, review.State.ToString().ToLowerInvariant(),
        [.. review.Scores.OrderBy(s => s.CriterionId, StringComparer.Ordinal).Select(s => new ScoreView(s.CriterionId, s.Points, s.Comment))],
        review.Comment, review.Total, review.MaxPoints, review.UpdatedAt, review.SubmittedAt,
        [.. review.LineComments.Select(c => LineView(c, clean)).OrderBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Line).ThenBy(c => c.CreatedAt)]);
}

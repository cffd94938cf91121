using System.Security.Claims;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Rejudging;
using Intern.Server.Reviews;
using Intern.Server.Tasks;
using Intern.Web;
using Intern.Web.Reviews;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Web;

/// <summary>
/// The staff pages' view of the reviews API: it checks the same policies the API's route group states (pages are open at
/// the endpoint) and then calls the API's own handlers, so that a page never shows more than the API answers.
/// </summary>
public sealed class ReviewDesk(InternDb db, UserManager<AppUser> users, TaskCatalog catalog, ReviewOptions options, TimeProvider time,
    Queue.QueueOptions queue, Queue.StatusFeed feed, Submissions.IntakeOptions intake, Queue.JobQueue jobs, ReportCache reports) : IReviewDesk
{
    private static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(AccountRegistration.Admin);

    public async Task<ReviewQueueInfo?> QueueAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsStaff())
            return null;
        var queue = (await ReviewsApi.QueueAsync(user, db, catalog, ct)).Value!;
        return new ReviewQueueInfo([.. queue.Items.Select(i => new ReviewQueueEntry(i.Submission, i.Applicant, i.Round, i.Task, i.TaskTitle, i.State, i.GradingStatus, i.AutoPercent))],
            queue.Next, queue.Submitted, queue.Total);
    }

    public async Task<ReviewSheetInfo?> SheetAsync(ClaimsPrincipal user, Guid submission, CancellationToken ct)
    {
        if (!user.IsStaff() || (await ReviewsApi.SheetAsync(submission, user, db, catalog, options, intake, reports, ct)).Result is not Ok<ReviewsApi.ReviewSheet> { Value: { } s })
            return null;
        var next = (await ReviewsApi.QueueAsync(user, db, catalog, ct)).Value!.Items.FirstOrDefault(i => i.State != "submitted" && i.Submission != submission)?.Submission;
        return new ReviewSheetInfo(s.Submission, s.Applicant, s.Blind, s.Round, s.Task, s.TaskTitle, s.TaskVersion, s.FileName, s.UploadedAt, s.GradingStatus,
            s.Result is { } r ? new EvidenceInfo(r.Score, r.MaxScore, r.Gradable, r.FormatErrors, r.Tests, r.Metrics, r.Output,
                [.. r.Artifacts.Select((a, i) => new ArtifactInfo(a.Name, a.MediaType, $"/api/submissions/{s.Submission}/artifacts/{i}"))]) : null,
            s.AutoPercent, s.Weights.Auto, s.Weights.Review, s.Rubric, [.. s.Files.Select(f => new SubmissionFileInfo(f.Path, f.Size, f.Text, f.Language, f.Starter,
                f.Diff?.Select(l => new DiffLineInfo(l.Kind, l.Text)).ToList()))],
            s.Report, s.Mine is null ? null : Map(s.Mine), [.. s.Others.Select(Map)], s.ReviewPercent, s.FinalPercent, s.Disagreement, next)
        {
            LatePenalty = s.LatePenalty,
            Document = s.Document is not { } d ? null : new ReportDocumentInfo(d.Path, d.Kind,
                [.. d.Cells.Select(c => new NotebookCellInfo(c.Kind, c.Source, [.. c.Outputs.Select(o => new NotebookOutputInfo(o.Kind, o.Content))]))], d.Pages,
                d.Kind == "pdf" && s.Reveals ? $"/api/reviews/{s.Submission}/report.pdf" : null, d.Problem),
        };
    }

    private static ReviewInfo Map(ReviewsApi.ReviewView v) => new(v.Reviewer, v.State,
        [.. v.Scores.Select(s => new CriterionScoreInfo(s.Criterion, s.Points, s.Comment))], v.Comment, v.Total, v.MaxPoints, v.UpdatedAt,
        [.. v.Lines.Select(l => new LineCommentInfo(l.Id, l.Path, l.Line, l.Text))]);

    public async Task<Outcome> CommentOnLineAsync(ClaimsPrincipal user, Guid submission, string path, int line, string text, CancellationToken ct)
    {
        if (!user.IsStaff())
            return Outcome.Refused("Only reviewers comment on submissions.");
        return (await ReviewsApi.AddLineCommentAsync(submission, new ReviewsApi.LineCommentRequest(path, line, text), user, db, options, intake, time, ct)).Result switch
        {
            Created<ReviewsApi.LineCommentView> => Outcome.Ok,
            ValidationProblem invalid => Outcome.Refused([.. invalid.ProblemDetails.Errors.SelectMany(e => e.Value)]),
            ProblemHttpResult problem => Outcome.Refused(problem.ProblemDetails.Detail ?? "The comment cannot be saved."),
            _ => Outcome.Refused("This submission is not assigned to you."),
        };
    }

    public async Task<Outcome> RemoveLineCommentAsync(ClaimsPrincipal user, Guid submission, Guid comment, CancellationToken ct)
    {
        if (!user.IsStaff())
            return Outcome.Refused("Only reviewers comment on submissions.");
        return (await ReviewsApi.RemoveLineCommentAsync(submission, comment, user, db, time, ct)).Result switch
        {
            NoContent => Outcome.Ok,
            ProblemHttpResult problem => Outcome.Refused(problem.ProblemDetails.Detail ?? "The comment cannot be removed."),
            _ => Outcome.Refused("No such comment of yours."),
        };
    }

    public async Task<Outcome> SaveAsync(ClaimsPrincipal user, Guid submission, IReadOnlyList<CriterionScoreInfo> scores, string? comment, bool submit, CancellationToken ct)
    {
        if (!user.IsStaff())
            return Outcome.Refused("Only reviewers score submissions.");
        var request = new ReviewsApi.ReviewRequest([.. scores.Select(s => new ScoreInput(s.Criterion, s.Points, s.Comment))], comment);
        var result = submit
            ? await ReviewsApi.SubmitAsync(submission, request, user, db, catalog, time, ct)
            : await ReviewsApi.DraftAsync(submission, request, user, db, catalog, time, ct);
        return result.Result switch
        {
            Ok<ReviewsApi.ReviewView> => Outcome.Ok,
            ValidationProblem invalid => Outcome.Refused([.. invalid.ProblemDetails.Errors.SelectMany(e => e.Value)]),
            ProblemHttpResult problem => Outcome.Refused(problem.ProblemDetails.Detail ?? "The review cannot be saved."),
            _ => Outcome.Refused("This submission is not assigned to you."),
        };
    }

    public async Task<ApplicantsTableInfo?> TableAsync(ClaimsPrincipal user, Guid round, string task, TableQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!IsAdmin(user) || (await ReviewsApi.TableAsync(round, task, query.Sort, query.Desc, query.Search, query.Status, db, catalog, options, ct)).Result
            is not Ok<ReviewsApi.ApplicantsTable> { Value: { } t })
            return null;
        return new ApplicantsTableInfo(t.RoundId, t.Round, t.Blind, t.Task, t.TaskTitle, t.Weights.Auto, t.Weights.Review, t.DisagreementThreshold,
            [.. t.Rows.Select(r => new ApplicantRowInfo(r.ApplicantId, r.Applicant, r.Email, r.Pseudonym, r.Submission, r.UploadedAt, r.Submissions, r.Auto, r.Review,
                r.Final, r.Status, r.ReviewsSubmitted, r.ReviewsAssigned, r.Disagreement,
                [.. r.Reviewers.Select(p => new ReviewerProgressInfo(p.Reviewer, p.State, p.Percent))], r.Decision, r.Note) { LatePenalty = r.LatePenalty })],
            t.Final, t.Auto, ["queued", "grading", "platform_error", "unassigned", "in review", "reviewed", "advance", "hold", "reject"],
            [.. t.Leaderboards.Select(b => new LeaderboardInfo(b.Name, b.Order, [.. b.Places.Select(p => new LeaderboardPlaceInfo(p.Submission, p.Applicant, p.Value))]))])
        {
            ReviewersPerSubmission = t.ReviewersPerSubmission,
        };
    }

    public async Task<Outcome> AssignAsync(ClaimsPrincipal user, Guid round, string task, int? perSubmission, CancellationToken ct)
    {
        if (!IsAdmin(user))
            return Outcome.Refused("Only admins assign reviewers.");
        return (await ReviewsApi.AssignRoundAsync(round, task, new ReviewsApi.AutoAssignRequest(perSubmission), db, users, options, time, ct)).Result switch
        {
            Ok<ReviewsApi.Assigned> { Value: { } a } => new Outcome(true, [$"{a.Assignments} new assignment(s) over {a.Submissions} submission(s) and {a.Reviewers} reviewer(s)."]),
            Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> { Value: { } p } => Outcome.Refused(p.Detail ?? "Refused."),
            ValidationProblem invalid => Outcome.Refused([.. invalid.ProblemDetails.Errors.SelectMany(e => e.Value)]),
            _ => Outcome.Refused("No such round or task."),
        };
    }

    public async Task<Outcome> DecideAsync(ClaimsPrincipal user, Guid round, string task, Guid applicant, string outcome, string? note, CancellationToken ct)
    {
        if (!IsAdmin(user))
            return Outcome.Refused("Only admins decide.");
        return (await ReviewsApi.DecideAsync(round, task, applicant, new ReviewsApi.DecisionRequest(outcome, note), user, db, catalog, options, time, ct)).Result switch
        {
            Ok<ApplicantRow> => Outcome.Ok,
            Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> { Value: { } p } => Outcome.Refused(p.Detail ?? "Refused."),
            ValidationProblem invalid => Outcome.Refused([.. invalid.ProblemDetails.Errors.SelectMany(e => e.Value)]),
            _ => Outcome.Refused("No such applicant in this round and task."),
        };
    }

    public async Task<RejudgePageInfo?> RejudgeAsync(ClaimsPrincipal user, Guid round, string task, CancellationToken ct)
    {
        if (!IsAdmin(user))
            return null;
        var hiring = await db.HiringRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == round, ct);
        if (hiring is null || !hiring.Offers(task))
            return null;
        var latest = (await RejudgesApi.LatestAsync(round, task, 1, db, catalog, ct)).Value!.FirstOrDefault();
        var definition = catalog.Find(task);
        return new RejudgePageInfo(round, hiring.Name, task, definition?.Title ?? task, definition?.Version, latest is null ? null : new RejudgeInfo(latest.Id,
            latest.TaskVersion, latest.State, latest.StartedAt, latest.ClosedAt, latest.Total, latest.Pending, latest.Failed, latest.Changed, latest.Applied, latest.Ready,
            [.. latest.Items.Select(i => new RejudgeItemInfo(i.Submission, i.Applicant, i.Email, i.State, ReviewScoring.AutoPercent(i.Before, i.BeforeMax), ReviewScoring.AutoPercent(i.After, i.AfterMax),
                i.Changed, [.. i.Tests.Select(t => new TestChangeInfo(t.Test, t.Before, t.After))], i.Error))]));
    }

    public async Task<Outcome> RejudgeActionAsync(ClaimsPrincipal user, Guid round, string task, string action, Guid? rejudge, CancellationToken ct)
    {
        if (!IsAdmin(user))
            return Outcome.Refused("Only admins rejudge.");
        IResult result = (action, rejudge) switch
        {
            ("start", _) => (await RejudgesApi.StartAsync(round, task, user, db, catalog, queue, time, ct)).Result,
            ("apply", { } id) => (await RejudgesApi.ApplyAsync(id, user, db, feed, time, ct)).Result,
            ("discard", { } id) => (await RejudgesApi.DiscardAsync(id, user, db, time, ct)).Result,
            _ => TypedResults.BadRequest(),
        };
        return result switch
        {
            Created<RejudgesApi.RejudgeView> { Value: { } v } => new Outcome(true, [$"{v.Total} submission(s) queued for the preview, behind applicants' own gradings."]),
            Ok<RejudgesApi.Applied> { Value: { } a } => new Outcome(true, [$"Applied: {a.Results} result(s) are current now, {a.Changed} with a changed score."]),
            NoContent => new Outcome(true, ["Discarded: no score changed."]),
            Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails> { Value: { } p } => Outcome.Refused(p.Detail ?? "Refused."),
            _ => Outcome.Refused("No such round, task or rejudge."),
        };
    }

    public async Task<Outcome> RetryAsync(ClaimsPrincipal user, Guid submission, CancellationToken ct)
    {
        if (!IsAdmin(user))
            return Outcome.Refused("Only admins retry gradings.");
        var latest = await db.GradingJobs.Where(j => j.SubmissionId == submission).OrderByDescending(j => j.EnqueuedAt).Select(j => new { j.Id, j.State }).FirstOrDefaultAsync(ct);
        if (latest is not { State: Queue.JobState.Failed })
            return Outcome.Refused("This submission's grading did not fail; there is nothing to retry.");
        if (await db.GradingJobs.IgnoreQueryFilters().AnyAsync(j => j.SubmissionId == submission && j.RejudgeId != null && (j.State == Queue.JobState.Queued || j.State == Queue.JobState.Running), ct))
            return Outcome.Refused("A rejudge preview is grading this submission; retry once it has finished.");
        try
        {
            await jobs.RetryAsync(latest.Id, ct);
            return new Outcome(true, ["Sent back to the queue; the table shows its grading as it goes."]);
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Another admin retried it a moment ago.
            return Outcome.Refused("It was sent back to the queue meanwhile: " + e.Message);
        }
    }
}

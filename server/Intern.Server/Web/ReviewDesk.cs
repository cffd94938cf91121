using System.Security.Claims;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Reviews;
using Intern.Server.Tasks;
using Intern.Web;
using Intern.Web.Reviews;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Intern.Server.Web;

/// <summary>
/// The staff pages' view of the reviews API: it checks the same policies the API's route group states (pages are open at
/// the endpoint) and then calls the API's own handlers, so that a page never shows more than the API answers.
/// </summary>
public sealed class ReviewDesk(InternDb db, UserManager<AppUser> users, TaskCatalog catalog, ReviewOptions options, TimeProvider time) : IReviewDesk
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
        if (!user.IsStaff() || (await ReviewsApi.SheetAsync(submission, user, db, catalog, options, ct)).Result is not Ok<ReviewsApi.ReviewSheet> { Value: { } s })
            return null;
        var next = (await ReviewsApi.QueueAsync(user, db, catalog, ct)).Value!.Items.FirstOrDefault(i => i.State != "submitted" && i.Submission != submission)?.Submission;
        return new ReviewSheetInfo(s.Submission, s.Applicant, s.Blind, s.Round, s.Task, s.TaskTitle, s.TaskVersion, s.FileName, s.UploadedAt, s.GradingStatus,
            s.Result is { } r ? new EvidenceInfo(r.Score, r.MaxScore, r.Gradable, r.FormatErrors, r.Tests, r.Metrics, r.Output) : null,
            s.AutoPercent, s.Weights.Auto, s.Weights.Review, s.Rubric, [.. s.Files.Select(f => new SubmissionFileInfo(f.Path, f.Size, f.Text, f.Language, f.Starter,
                f.Diff?.Select(l => new DiffLineInfo(l.Kind, l.Text)).ToList()))],
            s.Report, s.Mine is null ? null : Map(s.Mine), [.. s.Others.Select(Map)], s.ReviewPercent, s.FinalPercent, s.Disagreement, next);
    }

    private static ReviewInfo Map(ReviewsApi.ReviewView v) => new(v.Reviewer, v.State,
        [.. v.Scores.Select(s => new CriterionScoreInfo(s.Criterion, s.Points, s.Comment))], v.Comment, v.Total, v.MaxPoints, v.UpdatedAt);

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
                [.. r.Reviewers.Select(p => new ReviewerProgressInfo(p.Reviewer, p.State, p.Percent))], r.Decision, r.Note))],
            t.Final, t.Auto, ["queued", "grading", "platform_error", "unassigned", "in review", "reviewed", "advance", "hold", "reject"]);
    }

    public async Task<Outcome> AssignAsync(ClaimsPrincipal user, Guid round, string task, int? perSubmission, CancellationToken ct)
    {
        if (!IsAdmin(user))
            return Outcome.Refused("Only admins assign reviewers.");
        return (await ReviewsApi.AssignRoundAsync(round, task, new ReviewsApi.AutoAssignRequest(perSubmission), db, users, options, time, ct)).Result switch
        {
            Ok<ReviewsApi.Assigned> { Value: { } a } => new Outcome(true, [$"{a.Assignments} new assignment(s) over {a.Submissions} submission(s) and {a.Reviewers} reviewer(s)."]),
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
            ValidationProblem invalid => Outcome.Refused([.. invalid.ProblemDetails.Errors.SelectMany(e => e.Value)]),
            _ => Outcome.Refused("No such applicant in this round and task."),
        };
    }
}

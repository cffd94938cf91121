using System.Security.Claims;
using Intern.Grading.Results;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Intern.Server.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Rejudging;

/// <summary>
/// Admins rejudge one task of a round after its tests changed: start (preview gradings are queued behind applicants'
/// work), read the preview of every score that would change, then apply or discard it.
/// </summary>
public static class RejudgesApi
{
    /// <summary>One submission of a rejudge: its state (queued, grading, graded, failed) and, once graded, the scores before and after.</summary>
    public sealed record RejudgeItem(Guid Submission, Guid ApplicantId, string Applicant, string Email, string State, double? Before, double? BeforeMax,
        double? After, double? AfterMax, bool Changed, IReadOnlyList<TestChange> Tests, string? Error);

    public sealed record RejudgeView(Guid Id, Guid RoundId, string Round, string Task, string TaskTitle, int TaskVersion, string State,
        DateTimeOffset StartedAt, DateTimeOffset? ClosedAt, int Total, int Pending, int Failed, int Changed, int Applied, IReadOnlyList<RejudgeItem> Items)
    {
        /// <summary>Every preview grading has ended, so the rejudge can be applied.</summary>
        public bool Ready => State == "previewing" && Pending == 0;
    }

    public sealed record Applied(int Results, int Changed);

    public static IEndpointRouteBuilder MapRejudges(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/rejudges").WithTags("Admin").RequireAuthorization(AccountRegistration.Admin);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPost("/{id:guid}/apply", ApplyAsync);
        group.MapPost("/{id:guid}/discard", DiscardAsync);
        app.MapPost("/api/admin/rounds/{round:guid}/{task}/rejudge", StartAsync).WithTags("Admin").RequireAuthorization(AccountRegistration.Admin);
        return app;
    }

    private static ProblemDetails Problem(string title, string detail) => new() { Title = title, Detail = detail, Status = StatusCodes.Status409Conflict };

    /// <summary>
    /// Grades every applicant's latest graded submission of the task again, against the package version loaded now.
    /// Submissions waiting for a grading of their own are left out (their next result already uses the current package).
    /// </summary>
    internal static async Task<Results<Created<RejudgeView>, NotFound, Conflict<ProblemDetails>>> StartAsync(Guid round, string task, ClaimsPrincipal principal,
        InternDb db, TaskCatalog catalog, QueueOptions queue, TimeProvider time, CancellationToken ct)
    {
        var hiring = await db.HiringRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == round, ct);
        if (hiring is null || !hiring.Offers(task))
            return TypedResults.NotFound();
        if (catalog.Find(task) is not { } definition)
            return TypedResults.Conflict(Problem("Task not loaded", $"This server has no package for {task}, so nothing can be graded against it."));
        if (await db.Rejudges.AnyAsync(r => r.RoundId == round && r.TaskSlug == task && r.State == RejudgeState.Previewing, ct))
            return TypedResults.Conflict(Problem("Rejudge open", "A rejudge of this task is waiting to be applied or discarded."));
        var submissions = await db.Submissions.AsNoTracking().Where(s => s.RoundId == round && s.TaskSlug == task)
            .Select(s => new { s.Id, s.ApplicantId, s.CreatedAt, s.CurrentResultId }).ToListAsync(ct);
        var latest = submissions.GroupBy(s => s.ApplicantId).Select(g => g.MaxBy(s => s.CreatedAt)!).Where(s => s.CurrentResultId is not null).Select(s => s.Id).ToList();
        var busy = await db.GradingJobs.IgnoreQueryFilters()
            .Where(j => latest.Contains(j.SubmissionId) && (j.State == JobState.Queued || j.State == JobState.Running))
            .Select(j => j.SubmissionId).ToListAsync(ct);
        var targets = latest.Except(busy).ToList();
        if (targets.Count == 0)
            return TypedResults.Conflict(Problem("Nothing to rejudge", "No applicant of this round has a graded submission of this task that is not being graded now."));
        var now = time.GetUtcNow();
        var rejudge = Rejudge.Start(round, task, definition.Version, Reviews.ReviewsApi.Caller(principal), now);
        db.Rejudges.Add(rejudge);
        db.GradingJobs.AddRange(targets.Select(s => GradingJob.EnqueuePreview(s, rejudge.Id, definition.Version, now, queue.MaxAttempts)));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another admin started one at the same moment, or an applicant's grading was queued meanwhile.
            return TypedResults.Conflict(Problem("Changed meanwhile", "Another rejudge or grading of this task started at the same moment; reload and try again."));
        }
        return TypedResults.Created($"/api/admin/rejudges/{rejudge.Id}", await ViewAsync(db, catalog, rejudge, ct));
    }

    internal static Task<Ok<List<RejudgeView>>> ListAsync(Guid? round, string? task, InternDb db, TaskCatalog catalog, CancellationToken ct) =>
        LatestAsync(round, task, 50, db, catalog, ct);

    /// <summary>The latest <paramref name="most"/> rejudges, newest first (each view carries every preview result, so the page asks for one).</summary>
    internal static async Task<Ok<List<RejudgeView>>> LatestAsync(Guid? round, string? task, int most, InternDb db, TaskCatalog catalog, CancellationToken ct)
    {
        var query = db.Rejudges.AsNoTracking();
        if (round is { } r)
            query = query.Where(x => x.RoundId == r);
        if (!string.IsNullOrEmpty(task))
            query = query.Where(x => x.TaskSlug == task);
        var rejudges = await query.OrderByDescending(x => x.StartedAt).Take(most).ToListAsync(ct);
        return TypedResults.Ok(await ViewsAsync(db, catalog, rejudges, ct));
    }

    internal static async Task<Results<Ok<RejudgeView>, NotFound>> GetAsync(Guid id, InternDb db, TaskCatalog catalog, CancellationToken ct) =>
        await db.Rejudges.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) is { } rejudge
            ? TypedResults.Ok(await ViewAsync(db, catalog, rejudge, ct))
            : TypedResults.NotFound();

    /// <summary>Makes every successful preview result current, in one transaction, once no preview grading is pending.</summary>
    internal static async Task<Results<Ok<Applied>, NotFound, Conflict<ProblemDetails>>> ApplyAsync(Guid id, ClaimsPrincipal principal,
        InternDb db, StatusFeed feed, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Rejudges.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } rejudge)
            return TypedResults.NotFound();
        if (rejudge.State != RejudgeState.Previewing)
            return TypedResults.Conflict(Problem("Closed", $"This rejudge was already {rejudge.State.ToString().ToLowerInvariant()}."));
        var jobs = await db.GradingJobs.IgnoreQueryFilters().Where(j => j.RejudgeId == id).Select(j => new { j.Id, j.State }).ToListAsync(ct);
        if (jobs.Any(j => j.State is JobState.Queued or JobState.Running))
            return TypedResults.Conflict(Problem("Still grading", "Some preview gradings have not finished; apply once every score is known."));
        var records = await db.GradingRecords.Where(r => r.RejudgeId == id).ToListAsync(ct);
        // A submission being graded again meanwhile (an admin's regrade or retry) keeps that grading's result: applying
        // over it, or letting it land after, would undo one or the other.
        var previewed = records.Select(r => r.SubmissionId).ToList();
        var busy = await db.GradingJobs.Where(j => previewed.Contains(j.SubmissionId) && (j.State == JobState.Queued || j.State == JobState.Running))
            .Select(j => j.SubmissionId).ToListAsync(ct);
        records = [.. records.Where(r => !busy.Contains(r.SubmissionId))];
        var ids = records.Select(r => r.SubmissionId).ToList();
        var submissions = await db.Submissions.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var current = await CurrentScoresAsync(db, submissions.Values.Select(s => s.CurrentResultId), ct);
        var changed = 0;
        foreach (var record in records)
        {
            var submission = submissions[record.SubmissionId];
            var before = submission.CurrentResultId is { } c ? current.GetValueOrDefault(c) : null;
            if (RejudgeComparison.ScoreChanged(before?.Score, before?.MaxScore, record.Score, record.MaxScore))
                changed++;
            submission.Rejudged(record, rejudge.TaskVersion);
        }
        rejudge.Apply(Reviews.ReviewsApi.Caller(principal), time.GetUtcNow(), records.Count);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Conflict(Problem("Changed meanwhile", "Another admin applied or discarded this rejudge at the same moment."));
        }
        await transaction.CommitAsync(ct);
        // Scores changed for many applicants at once: every cached status answer goes.
        await feed.PublishEverythingAsync(db, ct);
        return TypedResults.Ok(new Applied(records.Count, changed));
    }

    /// <summary>Drops the preview: waiting preview gradings are removed, finished ones stay aside for good.</summary>
    internal static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> DiscardAsync(Guid id, ClaimsPrincipal principal,
        InternDb db, TimeProvider time, CancellationToken ct)
    {
        if (await db.Rejudges.SingleOrDefaultAsync(r => r.Id == id, ct) is not { } rejudge)
            return TypedResults.NotFound();
        if (rejudge.State != RejudgeState.Previewing)
            return TypedResults.Conflict(Problem("Closed", $"This rejudge was already {rejudge.State.ToString().ToLowerInvariant()}."));
        rejudge.Discard(Reviews.ReviewsApi.Caller(principal), time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Conflict(Problem("Changed meanwhile", "Another admin applied or discarded this rejudge at the same moment."));
        }
        // One statement, so that a job a worker claims meanwhile (no longer queued) is left to finish.
        await db.GradingJobs.IgnoreQueryFilters().Where(j => j.RejudgeId == id && j.State == JobState.Queued).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    private sealed record Scored(double Score, double MaxScore, string Json);

    private static async Task<Dictionary<Guid, Scored>> CurrentScoresAsync(InternDb db, IEnumerable<Guid?> resultIds, CancellationToken ct)
    {
        var ids = resultIds.OfType<Guid>().Distinct().ToList();
        return await db.GradingRecords.AsNoTracking().Where(r => ids.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => new Scored(r.Score, r.MaxScore, r.Json), ct);
    }

    internal static async Task<RejudgeView> ViewAsync(InternDb db, TaskCatalog catalog, Rejudge rejudge, CancellationToken ct) =>
        (await ViewsAsync(db, catalog, [rejudge], ct))[0];

    /// <summary>The rejudges, in the order given, each with its items: six reads however many rejudges and items there are.</summary>
    private static async Task<List<RejudgeView>> ViewsAsync(InternDb db, TaskCatalog catalog, List<Rejudge> rejudges, CancellationToken ct)
    {
        if (rejudges.Count == 0)
            return [];
        var ids = rejudges.Select(r => r.Id).ToList();
        var roundIds = rejudges.Select(r => r.RoundId).Distinct().ToList();
        var rounds = await db.HiringRounds.AsNoTracking().Where(r => roundIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var jobs = (await db.GradingJobs.IgnoreQueryFilters().AsNoTracking().Where(j => j.RejudgeId != null && ids.Contains(j.RejudgeId.Value))
            .Select(j => new { j.Id, Rejudge = j.RejudgeId!.Value, j.SubmissionId, j.State, j.LastError }).ToListAsync(ct))
            .ToLookup(j => j.Rejudge);
        var previews = await db.GradingRecords.AsNoTracking().Where(r => r.RejudgeId != null && ids.Contains(r.RejudgeId.Value)).ToDictionaryAsync(r => r.JobId, ct);
        var submissionIds = jobs.SelectMany(g => g).Select(j => j.SubmissionId).Distinct().ToList();
        var submissions = await db.Submissions.AsNoTracking().Where(s => submissionIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => new { s.ApplicantId, s.CurrentResultId }, ct);
        // Before it is applied a preview compares with the current result; afterwards with the result it replaced.
        var beforeIds = rejudges.SelectMany(r => jobs[r.Id].Select(j => r.State == RejudgeState.Applied
            ? previews.GetValueOrDefault(j.Id)?.ReplacedResultId
            : submissions[j.SubmissionId].CurrentResultId));
        var before = await CurrentScoresAsync(db, beforeIds, ct);
        var applicantIds = submissions.Values.Select(s => s.ApplicantId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => applicantIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.DisplayName, u.Email }, ct);
        return [.. rejudges.Select(rejudge =>
        {
            var applied = rejudge.State == RejudgeState.Applied;
            var items = jobs[rejudge.Id].Select(job =>
            {
                var submission = submissions[job.SubmissionId];
                var person = people.GetValueOrDefault(submission.ApplicantId);
                var preview = previews.GetValueOrDefault(job.Id);
                var was = (applied ? preview?.ReplacedResultId : submission.CurrentResultId) is { } b ? before.GetValueOrDefault(b) : null;
                var state = job.State switch
                {
                    JobState.Queued => "queued",
                    JobState.Running => "grading",
                    JobState.Failed => "failed",
                    _ => "graded",
                };
                var changed = preview is not null && RejudgeComparison.ScoreChanged(was?.Score, was?.MaxScore, preview.Score, preview.MaxScore);
                var tests = preview is null ? [] : RejudgeComparison.Tests(was is null ? null : ResultJson.Deserialize(was.Json), ResultJson.Deserialize(preview.Json));
                return new RejudgeItem(job.SubmissionId, submission.ApplicantId, person?.DisplayName ?? person?.Email ?? "applicant", person?.Email ?? "", state,
                    was?.Score, was?.MaxScore, preview?.Score, preview?.MaxScore, changed, tests, job.State == JobState.Failed ? job.LastError : null);
            })
                // Changes first, the largest first; then failures, pending gradings and unchanged scores. The submission
                // breaks the remaining ties, so that the list and a single rejudge agree whatever order the rows came in.
                .OrderBy(i => i.Changed ? 0 : i.State == "failed" ? 1 : i.State is "queued" or "grading" ? 2 : 3)
                .ThenByDescending(i => i.Changed ? Math.Abs((Reviews.ReviewScoring.AutoPercent(i.After, i.AfterMax) ?? 0) - (Reviews.ReviewScoring.AutoPercent(i.Before, i.BeforeMax) ?? 0)) : 0)
                .ThenBy(i => i.Applicant, StringComparer.OrdinalIgnoreCase)
                .ThenBy(i => i.Submission)
                .ToList();
            return new RejudgeView(rejudge.Id, rejudge.RoundId, rounds[rejudge.RoundId], rejudge.TaskSlug, catalog.Find(rejudge.TaskSlug)?.Title ?? rejudge.TaskSlug,
                rejudge.TaskVersion, rejudge.State.ToString().ToLowerInvariant(), rejudge.StartedAt, rejudge.ClosedAt, items.Count,
                items.Count(i => i.State is "queued" or "grading"), items.Count(i => i.State == "failed"), items.Count(i => i.Changed), rejudge.Applied, items);
        })];
    }
}

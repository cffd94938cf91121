using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Queue;

/// <summary>Admins see jobs that ended as platform errors and send them round again.</summary>
public static class JobsApi
{
    public sealed record JobView(Guid Id, Guid SubmissionId, string State, int Attempts, int MaxAttempts, string? LastError, DateTimeOffset EnqueuedAt);

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/jobs").WithTags("Admin").RequireAuthorization(AccountRegistration.Admin);
        group.MapGet("/", ListAsync);
        group.MapPost("/{id:guid}/retry", RetryAsync);
        app.MapPost("/api/admin/submissions/{id:guid}/regrade", RegradeAsync).WithTags("Admin").RequireAuthorization(AccountRegistration.Admin);
        return app;
    }

    private static async Task<Ok<List<JobView>>> ListAsync(InternDb db, string? state, CancellationToken ct)
    {
        var query = db.GradingJobs.AsQueryable();
        if (Enum.TryParse<JobState>(state, ignoreCase: true, out var wanted))
            query = query.Where(j => j.State == wanted);
        var jobs = await query.OrderByDescending(j => j.EnqueuedAt).Take(500)
            .Select(j => new JobView(j.Id, j.SubmissionId, j.State.ToString(), j.Attempts, j.MaxAttempts, j.LastError, j.EnqueuedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(jobs);
    }

    /// <summary>Grades a submission again (after a task fix, say): the new result becomes current, the old ones stay in history.</summary>
    private static async Task<Results<Accepted<JobView>, NotFound, Conflict<string>>> RegradeAsync(Guid id, InternDb db, QueueOptions options,
        Tasks.TaskCatalog tasks, StatusFeed feed, TimeProvider time, CancellationToken ct)
    {
        if (await db.Submissions.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } submission)
            return TypedResults.NotFound();
        if (tasks.Find(submission.TaskSlug, submission.TaskVersion) is null)
            return TypedResults.Conflict($"Task {submission.TaskSlug} v{submission.TaskVersion} is no longer loaded on this server, so the submission cannot be graded again.");
        // Preview gradings of a rejudge count too: one active job per submission, whatever its kind.
        if (await db.GradingJobs.IgnoreQueryFilters().AnyAsync(j => j.SubmissionId == id && (j.State == JobState.Queued || j.State == JobState.Running), ct))
            return TypedResults.Conflict("This submission is already waiting to be graded (or a rejudge preview is grading it).");
        var job = GradingJob.Enqueue(id, time.GetUtcNow(), options.MaxAttempts);
        db.GradingJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The one-active-job index: another regrade got there first.
            return TypedResults.Conflict("This submission is already waiting to be graded.");
        }
        await feed.PublishAsync(db, id, ct);
        return TypedResults.Accepted($"/api/submissions/{id}", new JobView(job.Id, id, job.State.ToString(), 0, job.MaxAttempts, null, job.EnqueuedAt));
    }

    private static async Task<Results<NoContent, NotFound, Conflict<string>>> RetryAsync(Guid id, JobQueue queue, CancellationToken ct)
    {
        try
        {
            await queue.RetryAsync(id, ct);
            return TypedResults.NoContent();
        }
        catch (KeyNotFoundException)
        {
            return TypedResults.NotFound();
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Conflict(e.Message);
        }
        catch (DbUpdateException)
        {
            // Retried by someone else a moment ago, or the submission has another grading on its way.
            return TypedResults.Conflict("This submission was sent back to the queue meanwhile, or has another grading waiting.");
        }
    }
}

using System.Security.Claims;
using Intern.Grading.Results;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Submissions;

public static class SubmissionsApi
{
    public sealed record Accepted(Guid Id, string Status, string StatusUrl);

    public sealed record View(Guid Id, string Task, int TaskVersion, string FileName, DateTimeOffset CreatedAt, string Status,
        string? Error, ApplicantView.Filtered? Result);

    public static IEndpointRouteBuilder MapSubmissions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/submissions").WithTags("Submissions");
        // Cookie sessions are SameSite=Strict, so a cross-site form cannot post here with a user's cookie.
        group.MapPost("/", UploadAsync).RequireAuthorization(AccountRegistration.Applicant).RequireRateLimiting(RateLimits.Upload).DisableAntiforgery();
        group.MapGet("/", MineAsync).RequireAuthorization(AccountRegistration.Applicant);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization();
        group.MapGet("/{id:guid}/result", FullResultAsync).RequireAuthorization(AccountRegistration.Reviewer);
        return app;
    }

    private static async Task<Results<AcceptedAtRoute<Accepted>, Accepted<Accepted>, ProblemHttpResult>> UploadAsync(
        IFormFile file, [Microsoft.AspNetCore.Mvc.FromForm] string task, ClaimsPrincipal principal, UserManager<AppUser> users,
        SubmissionIntake intake, CancellationToken ct)
    {
        var applicant = Guid.Parse(users.GetUserId(principal)!);
        try
        {
            await using var upload = file.OpenReadStream();
            var submission = await intake.AcceptAsync(upload, file.FileName, applicant, null, task, ct);
            var url = $"/api/submissions/{submission.Id}";
            return TypedResults.Accepted(url, new Accepted(submission.Id, "queued", url));
        }
        catch (IntakeRefusedException e)
        {
            return TypedResults.Problem(
                title: e.Message,
                detail: string.Join(" ", e.Problems),
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["problems"] = e.Problems });
        }
    }

    private static async Task<Ok<List<View>>> MineAsync(ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, CancellationToken ct)
    {
        var applicant = Guid.Parse(users.GetUserId(principal)!);
        var ids = await db.Submissions.Where(s => s.ApplicantId == applicant).OrderByDescending(s => s.CreatedAt).Select(s => s.Id).ToListAsync(ct);
        var views = new List<View>();
        foreach (var id in ids)
            views.Add((await LoadAsync(db, id, applicant, ct))!);
        return TypedResults.Ok(views);
    }

    // Clients poll this: the caller's id is read from its claim, without building a UserManager per request.
    private static async Task<Results<Ok<View>, NotFound>> GetAsync(Guid id, ClaimsPrincipal principal, InternDb db, CancellationToken ct)
    {
        var staff = principal.IsInRole(AccountRegistration.Reviewer) || principal.IsInRole(AccountRegistration.Admin);
        // Someone else's submission answers like a missing one: its existence is not the caller's business.
        Guid? owner = staff ? null : Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
        return await LoadAsync(db, id, owner, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();
    }

    private static async Task<Results<ContentHttpResult, NotFound>> FullResultAsync(Guid id, InternDb db, CancellationToken ct)
    {
        var json = await db.Submissions.Where(s => s.Id == id)
            .Join(db.GradingRecords, s => s.CurrentResultId, r => r.Id, (s, r) => r.Json)
            .SingleOrDefaultAsync(ct);
        return json is null ? TypedResults.NotFound() : TypedResults.Text(json, "application/json");
    }

    /// <summary>The submission as <paramref name="owner"/> may see it (null: as staff); null when missing or someone else's.</summary>
    private static async Task<View?> LoadAsync(InternDb db, Guid id, Guid? owner, CancellationToken ct)
    {
        var forApplicant = owner is not null;
        // One read-only round trip for the submission, its latest job and its current result: clients poll this.
        // Scalar subqueries, because a projected FirstOrDefault becomes a window over every job in the table.
        var latestJobs = db.GradingJobs.OrderByDescending(j => j.EnqueuedAt);
        var row = await db.Submissions.AsNoTracking()
            .Where(s => s.Id == id && (owner == null || s.ApplicantId == owner))
            .Select(s => new
            {
                Submission = s,
                JobState = latestJobs.Where(j => j.SubmissionId == s.Id).Select(j => (JobState?)j.State).FirstOrDefault(),
                JobError = latestJobs.Where(j => j.SubmissionId == s.Id).Select(j => j.LastError).FirstOrDefault(),
                Json = db.GradingRecords.Where(r => r.Id == s.CurrentResultId).Select(r => r.Json).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (row is null)
            return null;
        var submission = row.Submission;
        var status = row.JobState switch
        {
            JobState.Queued => "queued",
            JobState.Running => "grading",
            JobState.Failed => "platform_error",
            _ => row.Json is null ? "queued" : "graded",
        };
        ApplicantView.Filtered? result = null;
        if (row.Json is not null)
        {
            var document = ResultJson.Deserialize(row.Json);
            result = forApplicant
                ? ApplicantView.For(document, hiddenReleased: false)
                : new ApplicantView.Filtered(document.Score, document.MaxScore, document.Tests, null, document.Output, document.Gradable, document.FormatErrors, document.Metrics);
        }
        return new View(submission.Id, submission.TaskSlug, submission.TaskVersion, submission.FileName, submission.CreatedAt, status,
            row.JobState == JobState.Failed && !forApplicant ? row.JobError : null, result);
    }
}

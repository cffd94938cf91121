using System.Security.Claims;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Rounds;

/// <summary>Admins open and change rounds and release hidden results; applicants see their rounds with what they have used.</summary>
public static class RoundsApi
{
    /// <summary>ReviewersPerSubmission: how many reviewers each submission gets when they are assigned at once (null: the server's setting).</summary>
    public sealed record RoundRequest(string Name, DateTimeOffset Deadline, int MaxSubmissions, IReadOnlyList<string> Tasks, bool BlindReview = false,
        int? ReviewersPerSubmission = null);

    /// <summary>
    /// Open: the round still takes uploads for this task now (its deadline plus the task's grace). LatePenaltyPercentPerDay: what
    /// the task takes off the final score of an upload after the deadline, per day or part of a day (0: nothing).
    /// </summary>
    public sealed record TaskUsage(string Slug, string Title, int Version, int Used, int Left, Guid? Latest, string? LatestStatus, bool Open,
        double LatePenaltyPercentPerDay = 0);

    public sealed record RoundView(Guid Id, string Name, DateTimeOffset Deadline, bool Open, int MaxSubmissions, bool BlindReview,
        DateTimeOffset? HiddenResultsReleasedAt, IReadOnlyList<TaskUsage> Tasks, int? Members, int? ReviewersPerSubmission);

    public static IEndpointRouteBuilder MapRounds(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rounds").WithTags("Hiring rounds");
        group.MapGet("/", ListAsync).RequireAuthorization();
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization();
        group.MapPost("/", CreateAsync).RequireAuthorization(AccountRegistration.Admin);
        group.MapPut("/{id:guid}", ChangeAsync).RequireAuthorization(AccountRegistration.Admin);
        group.MapPost("/{id:guid}/release", ReleaseAsync).RequireAuthorization(AccountRegistration.Admin);
        return app;
    }

    internal static async Task<Ok<List<RoundView>>> ListAsync(ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, TaskCatalog catalog,
        TimeProvider time, CancellationToken ct)
    {
        var user = Guid.Parse(users.GetUserId(principal)!);
        var staff = principal.IsStaff();
        var rounds = staff
            ? await db.HiringRounds.OrderByDescending(r => r.Deadline).ToListAsync(ct)
            : await db.RoundMembers.Where(m => m.UserId == user).Join(db.HiringRounds, m => m.RoundId, r => r.Id, (m, r) => r)
                .OrderByDescending(r => r.Deadline).ToListAsync(ct);
        return TypedResults.Ok(await ViewsAsync(db, catalog, rounds, staff ? null : user, time.GetUtcNow(), ct));
    }

    private static async Task<Results<Ok<RoundView>, NotFound>> GetAsync(Guid id, ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db,
        TaskCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        var user = Guid.Parse(users.GetUserId(principal)!);
        var staff = principal.IsStaff();
        // A round the caller is not in answers like a missing one.
        if (!staff && !await db.RoundMembers.AnyAsync(m => m.RoundId == id && m.UserId == user, ct))
            return TypedResults.NotFound();
        var round = await db.HiringRounds.SingleOrDefaultAsync(r => r.Id == id, ct);
        return round is null ? TypedResults.NotFound() : TypedResults.Ok(await ViewAsync(db, catalog, round, staff ? null : user, time.GetUtcNow(), ct));
    }

    private static async Task<Results<Created<RoundView>, ValidationProblem>> CreateAsync(RoundRequest request, InternDb db, TaskCatalog catalog,
        TimeProvider time, CancellationToken ct)
    {
        if (Validate(request, catalog) is { } problems)
            return TypedResults.ValidationProblem(problems);
        var round = HiringRound.Open(request.Name, request.Deadline, request.MaxSubmissions, request.Tasks, time.GetUtcNow(), request.BlindReview);
        round.AskForReviewers(request.ReviewersPerSubmission);
        db.HiringRounds.Add(round);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/rounds/{round.Id}", await ViewAsync(db, catalog, round, null, time.GetUtcNow(), ct));
    }

    private static async Task<Results<Ok<RoundView>, NotFound, ValidationProblem>> ChangeAsync(Guid id, RoundRequest request, InternDb db,
        TaskCatalog catalog, StatusFeed feed, TimeProvider time, CancellationToken ct)
    {
        var round = await db.HiringRounds.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is null)
            return TypedResults.NotFound();
        if (Validate(request, catalog) is { } problems)
            return TypedResults.ValidationProblem(problems);
        try
        {
            round.Change(request.Name, request.Deadline, request.MaxSubmissions, request.Tasks, request.BlindReview);
            round.AskForReviewers(request.ReviewersPerSubmission);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["deadline"] = [e.Message] });
        }
        await db.SaveChangesAsync(ct);
        // What applicants see of their submissions depends on the round (released or not, still open or not).
        await feed.PublishEverythingAsync(db, ct);
        return TypedResults.Ok(await ViewAsync(db, catalog, round, null, time.GetUtcNow(), ct));
    }

    private static async Task<Results<Ok<RoundView>, NotFound, ProblemHttpResult>> ReleaseAsync(Guid id, InternDb db, TaskCatalog catalog,
        StatusFeed feed, TimeProvider time, CancellationToken ct)
    {
        var round = await db.HiringRounds.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (round is null)
            return TypedResults.NotFound();
        try
        {
            var grace = round.TaskSlugs.Select(slug => catalog.Find(slug)?.Deadline.Grace ?? TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();
            round.ReleaseHiddenResults(time.GetUtcNow(), grace);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
        await db.SaveChangesAsync(ct);
        // What applicants see of their submissions depends on the round (released or not, still open or not).
        await feed.PublishEverythingAsync(db, ct);
        return TypedResults.Ok(await ViewAsync(db, catalog, round, null, time.GetUtcNow(), ct));
    }

    private static Dictionary<string, string[]>? Validate(RoundRequest request, TaskCatalog catalog)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            problems["name"] = ["Give the round a name of at most 200 characters."];
        if (request.Deadline.Year < 2000)
            problems["deadline"] = ["Give the deadline as an ISO 8601 instant, e.g. 2026-12-01T17:00:00Z."];
        if (request.ReviewersPerSubmission is < 1 or > 10)
            problems["reviewersPerSubmission"] = ["Give between 1 and 10 reviewers per submission, or leave it out for the server's setting."];
        if (request.MaxSubmissions is < 1 or > 1000)
            problems["maxSubmissions"] = ["Allow between 1 and 1000 submissions per task."];
        var unknown = (request.Tasks ?? []).Where(t => t is null || catalog.Find(t) is null).Select(t => t ?? "null").ToList();
        if (request.Tasks is not { Count: > 0 } || unknown.Count > 0)
            problems["tasks"] = [$"Name one or more tasks this server has ({string.Join(", ", catalog.All.Select(t => t.Slug).Order(StringComparer.Ordinal))})"
                + (unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}." : ".")];
        return problems.Count > 0 ? problems : null;
    }

    /// <summary>The round with its tasks; for an applicant also each task's submissions used and left and the latest one's status.</summary>
    private static async Task<RoundView> ViewAsync(InternDb db, TaskCatalog catalog, HiringRound round, Guid? applicant, DateTimeOffset now, CancellationToken ct) =>
        (await ViewsAsync(db, catalog, [round], applicant, now, ct))[0];

    /// <summary>
    /// The rounds, in the order given, as staff (no <paramref name="applicant"/>) or that applicant see them. However many
    /// rounds there are, this is one read: for staff the members of every round, for an applicant their submissions in them.
    /// </summary>
    private static async Task<List<RoundView>> ViewsAsync(InternDb db, TaskCatalog catalog, List<HiringRound> rounds, Guid? applicant,
        DateTimeOffset now, CancellationToken ct)
    {
        if (rounds.Count == 0)
            return [];
        var ids = rounds.Select(r => r.Id).ToList();
        // Each submission's latest job as a scalar subquery, so that the status costs no second read.
        var jobs = db.GradingJobs.OrderByDescending(j => j.EnqueuedAt);
        var mine = applicant is { } user
            ? await db.Submissions.AsNoTracking().Where(s => s.ApplicantId == user && s.RoundId != null && ids.Contains(s.RoundId.Value))
                .Select(s => new
                {
                    s.Id,
                    Round = s.RoundId!.Value,
                    s.TaskSlug,
                    s.CreatedAt,
                    HasResult = s.CurrentResultId != null,
                    Job = jobs.Where(j => j.SubmissionId == s.Id).Select(j => (JobState?)j.State).FirstOrDefault(),
                })
                .ToListAsync(ct)
            : [];
        var members = applicant is null
            ? await db.RoundMembers.Where(m => ids.Contains(m.RoundId)).GroupBy(m => m.RoundId)
                .Select(g => new { Round = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Round, g => g.Count, ct)
            : null;
        return [.. rounds.Select(round =>
        {
            var tasks = round.TaskSlugs.Select(slug =>
            {
                var task = catalog.Find(slug);
                var used = mine.Where(s => s.Round == round.Id && s.TaskSlug == slug).ToList();
                var latest = used.MaxBy(s => s.CreatedAt);
                var status = latest is null ? null : Submissions.SubmissionStatus.Of(latest.Job, latest.HasResult);
                return new TaskUsage(slug, task?.Title ?? slug, task?.Version ?? 0, used.Count, Math.Max(0, round.MaxSubmissions - used.Count), latest?.Id, status,
                    round.AcceptsSubmissions(now - (task?.Deadline.Grace ?? TimeSpan.Zero)), task?.Deadline.LatePenaltyPercentPerDay ?? 0);
            }).ToList();
            return new RoundView(round.Id, round.Name, round.Deadline, round.AcceptsSubmissions(now), round.MaxSubmissions, round.BlindReview,
                round.HiddenResultsReleasedAt, tasks, members?.GetValueOrDefault(round.Id), applicant is null ? round.ReviewersPerSubmission : null);
        })];
    }
}

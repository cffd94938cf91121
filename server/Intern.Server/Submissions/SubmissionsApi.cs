using System.Security.Claims;
using Intern.Grading.Results;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Rounds;
using Intern.Server.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Submissions;

public static class SubmissionsApi
{
    public sealed record Accepted(Guid Id, string Status, string StatusUrl);

    /// <summary>
    /// A submission as its caller may see it; <c>Phase</c>, <c>Done</c> and <c>Total</c> say how far a running grading is.
    /// <c>Late</c> is what an upload after its round's deadline loses of its final score (null when nothing).
    /// </summary>
    public sealed record View(Guid Id, string Task, int TaskVersion, string FileName, DateTimeOffset CreatedAt, string Status,
        string? Error, ApplicantView.Filtered? Result, string? Phase = null, int Done = 0, int Total = 0)
    {
        public LateUpload? Late { get; init; }
    }

    public sealed record Page(IReadOnlyList<View> Items, DateTimeOffset? Next);

    public static IEndpointRouteBuilder MapSubmissions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/submissions").WithTags("Submissions");
        // The framework's own form check would ask token (Bearer) clients for an antiforgery token too;
        // CsrfProtection checks cookie sessions, here as on every endpoint.
        group.MapPost("/", UploadAsync).RequireAuthorization(AccountRegistration.Applicant).RequireRateLimiting(RateLimits.Upload).DisableAntiforgery();
        group.MapGet("/", MineAsync).RequireAuthorization(AccountRegistration.Applicant);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization();
        group.MapGet("/{id:guid}/events", StatusEvents.StreamAsync).RequireAuthorization();
        group.MapGet("/{id:guid}/result", FullResultAsync).RequireAuthorization(AccountRegistration.Reviewer);
        group.MapGet("/{id:guid}/artifacts/{ordinal:int}", ArtifactAsync).RequireAuthorization(AccountRegistration.Reviewer);
        group.MapGet("/{id:guid}/archive", ArchiveAsync).RequireAuthorization();
        return app;
    }

    private static async Task<Results<AcceptedAtRoute<Accepted>, Accepted<Accepted>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, ClaimsPrincipal principal, UserManager<AppUser> users, SubmissionIntake intake, IntakeOptions options, InternMetrics metrics, CancellationToken ct)
    {
        var applicant = Guid.Parse(users.GetUserId(principal)!);
        try
        {
            await using var form = await UploadForm.ReadAsync(request, options, ct);
            var task = form.Fields.GetValueOrDefault("task")
                ?? throw new IntakeRefusedException("The upload names no task", ["The form has no 'task' field: give the slug of the task this solution is for."]);
            await using var upload = form.OpenFile();
            Guid? round = form.Fields.GetValueOrDefault("round") is { Length: > 0 } named
                ? Guid.TryParse(named, out var id) ? id : throw new IntakeRefusedException("Unknown round", [$"'{named}' is not a round id."])
                : null;
            var submission = await intake.AcceptAsync(upload, form.FileName, applicant, round, task, ct);
            metrics.Uploaded(submission.SizeBytes);
            var url = $"/api/submissions/{submission.Id}";
            return TypedResults.Accepted(url, new Accepted(submission.Id, "queued", url));
        }
        catch (IntakeRefusedException e)
        {
            metrics.Refused(e.StatusCode);
            return TypedResults.Problem(
                title: e.Message,
                detail: string.Join(" ", e.Problems),
                statusCode: e.StatusCode,
                extensions: new Dictionary<string, object?> { ["problems"] = e.Problems });
        }
    }

    /// <summary>The applicant's submissions, newest first, a page at a time; <c>before</c> is the last CreatedAt of the previous page.</summary>
    internal static async Task<Ok<Page>> MineAsync(ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, TaskCatalog catalog, TimeProvider time,
        DateTimeOffset? before, string? task, int? limit, CancellationToken ct)
    {
        var applicant = Guid.Parse(users.GetUserId(principal)!);
        var take = Math.Clamp(limit ?? 20, 1, 100);
        var query = db.Submissions.Where(s => s.ApplicantId == applicant);
        if (!string.IsNullOrEmpty(task))
            query = query.Where(s => s.TaskSlug == task);
        if (before?.ToUniversalTime() is { } cursor)
            query = query.Where(s => s.CreatedAt < cursor);
        var page = await query.OrderByDescending(s => s.CreatedAt).Take(take + 1).Select(s => new { s.Id, s.CreatedAt }).ToListAsync(ct);
        // The page's submissions in one read, not one each: the extra row only says whether a next page exists.
        var ids = page.Take(take).Select(r => r.Id).ToList();
        var views = (await LoadAsync(db, catalog, db.Submissions.Where(s => ids.Contains(s.Id)), forApplicant: true, time.GetUtcNow(), ct)).ToDictionary(v => v.Id);
        return TypedResults.Ok(new Page([.. ids.Where(views.ContainsKey).Select(id => views[id])], page.Count > take ? page[take - 1].CreatedAt : null));
    }

    // Clients poll this: the caller is read from its claims, the answer comes from memory until the submission
    // changes (StatusCache), and otherwise from one query with ownership in it.
    internal static async Task<Results<Ok<View>, NotFound>> GetAsync(Guid id, ClaimsPrincipal principal, InternDb db, TaskCatalog catalog, StatusCache cache,
        TimeProvider time, CancellationToken ct)
    {
        var staff = principal.IsStaff();
        // Someone else's submission answers like a missing one: its existence is not the caller's business.
        Guid? owner = staff ? null : Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
        View view;
        if (cache.TryGet(id, forApplicant: !staff, out var cached))
        {
            if (cached.Applicant != owner)
                return TypedResults.NotFound();
            view = cached.View;
        }
        else
        {
            var stamp = cache.Stamp(id);
            if (await LoadAsync(db, catalog, id, forApplicant: !staff, time.GetUtcNow(), ct, owner) is not { } loaded)
                return TypedResults.NotFound();
            cache.Store(id, forApplicant: !staff, owner, loaded, stamp);
            view = loaded;
        }
        if (!staff)
            return TypedResults.Ok(view);
        // Staff answers are cached whole; a reviewer of a blind round gets theirs redacted on the way out.
        var blind = await Reviews.BlindView.ForAsync(db, principal, id, ct);
        return TypedResults.Ok(blind.Reveals ? view : view with
        {
            FileName = blind.Clean(view.FileName),
            Error = view.Error is null ? null : blind.Clean(view.Error),
            Result = view.Result is { } r ? r with
            {
                Output = blind.Clean(r.Output),
                FormatErrors = [.. r.FormatErrors.Select(blind.Clean)],
                Tests = [.. r.Tests.Select(t => t with { Output = blind.Clean(t.Output) })],
            } : null,
        });
    }

    /// <summary>Null when the caller may not see the submission; otherwise whether they see it as its applicant (filtered) rather than as staff.</summary>
    internal static async Task<bool?> AccessAsync(Guid id, ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, CancellationToken ct)
    {
        var staff = principal.IsStaff();
        var user = Guid.Parse(users.GetUserId(principal)!);
        // Someone else's submission answers like a missing one: its existence is not the caller's business.
        if (!staff && !await db.Submissions.AnyAsync(s => s.Id == id && s.ApplicantId == user, ct))
            return null;
        return !staff;
    }

    /// <summary>The archive exactly as uploaded, for its applicant (who wants to see what was graded) and for staff.</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> ArchiveAsync(Guid id, ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, CancellationToken ct)
    {
        if (await AccessAsync(id, principal, users, db, ct) is null)
            return TypedResults.NotFound();
        // The archive as uploaded carries names in its file name, paths and metadata: blind reviewers read the review view instead.
        if (!(await Reviews.BlindView.ForAsync(db, principal, id, ct)).Reveals)
            return TypedResults.NotFound();
        var stored = await db.Submissions.Where(s => s.Id == id)
            .Join(db.Blobs, s => s.BlobSha256, b => b.Sha256, (s, b) => new { s.FileName, b.Content })
            .SingleOrDefaultAsync(ct);
        return stored is null ? TypedResults.NotFound() : TypedResults.File(stored.Content, "application/octet-stream", stored.FileName);
    }

    /// <summary>Media types shown in the page; anything else (an HTML log, a PDF, say) is only ever downloaded.</summary>
    private static readonly HashSet<string> InlineMediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
    };

    /// <summary>
    /// One artifact of the submission's current result (a screenshot, a plot, a log), for its reviewers and admins. In a
    /// blind round before the reviews are locked, only images are served, under a neutral name: a log or a document may
    /// name the applicant, and nothing here can take the name out of an arbitrary file.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> ArtifactAsync(Guid id, int ordinal, ClaimsPrincipal principal, HttpContext context,
        InternDb db, UserManager<AppUser> users, CancellationToken ct)
    {
        var me = Guid.Parse(users.GetUserId(principal)!);
        if (!principal.IsInRole(AccountRegistration.Admin) && !await db.Reviews.AnyAsync(r => r.SubmissionId == id && r.ReviewerId == me, ct))
            return TypedResults.NotFound();
        var found = await db.Submissions.Where(s => s.Id == id)
            .Join(db.GradingArtifacts, s => s.CurrentResultId, a => a.RecordId, (s, a) => a)
            .Where(a => a.Ordinal == ordinal)
            .Join(db.Blobs, a => a.BlobSha256, b => b.Sha256, (a, b) => new { a.Name, a.MediaType, b.Content })
            .SingleOrDefaultAsync(ct);
        if (found is null)
            return TypedResults.NotFound();
        var image = found.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
        var reveals = (await Reviews.BlindView.ForAsync(db, principal, id, ct)).Reveals;
        if (!reveals && !image)
            return TypedResults.NotFound();
        // The task's checker names the media type, but the bytes show the applicant's work: they never run as a page here.
        context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
        var inline = InlineMediaTypes.Contains(found.MediaType);
        var name = reveals ? Path.GetFileName(found.Name.Replace('\\', '/')) : $"artifact-{ordinal}";
        return TypedResults.File(found.Content, inline ? found.MediaType : "application/octet-stream", inline ? null : name);
    }

    private static async Task<Results<ContentHttpResult, NotFound>> FullResultAsync(Guid id, ClaimsPrincipal principal, InternDb db, CancellationToken ct)
    {
        var json = await db.Submissions.Where(s => s.Id == id)
            .Join(db.GradingRecords, s => s.CurrentResultId, r => r.Id, (s, r) => r.Json)
            .SingleOrDefaultAsync(ct);
        if (json is null)
            return TypedResults.NotFound();
        var blind = await Reviews.BlindView.ForAsync(db, principal, id, ct);
        if (!blind.Reveals)
        {
            var result = ResultJson.Deserialize(json);
            json = ResultJson.Serialize(result with
            {
                Output = blind.Clean(result.Output),
                FormatErrors = [.. result.FormatErrors.Select(blind.Clean)],
                Tests = [.. result.Tests.Select(t => t with { Output = blind.Clean(t.Output) })],
                Artifacts = [.. result.Artifacts.Select(a => a with { Name = blind.Clean(a.Name), Path = blind.Clean(a.Path) })],
                Error = result.Error is null ? null : blind.Clean(result.Error),
            });
        }
        return TypedResults.Text(json, "application/json");
    }

    /// <summary>
    /// Released by the submission's round, and no round of the applicant's (<paramref name="rounds"/>) still takes uploads
    /// for the task: hidden tests seen through one round must not help in another that is still open.
    /// </summary>
    private static bool HiddenReleased(IEnumerable<HiringRound> rounds, Submission submission, DateTimeOffset now) =>
        submission.RoundId is { } roundId
        && rounds.SingleOrDefault(r => r.Id == roundId)?.HiddenResultsReleased(now) == true
        && !rounds.Any(r => r.Offers(submission.TaskSlug) && r.AcceptsSubmissions(now));

    /// <summary>The submission as its applicant (filtered) or staff see it; with <paramref name="owner"/>, only when it is theirs.</summary>
    internal static async Task<View?> LoadAsync(InternDb db, TaskCatalog catalog, Guid id, bool forApplicant, DateTimeOffset now, CancellationToken ct, Guid? owner = null) =>
        (await LoadAsync(db, catalog, db.Submissions.Where(s => s.Id == id && (owner == null || s.ApplicantId == owner)), forApplicant, now, ct)).SingleOrDefault();

    /// <summary>
    /// The submissions as their applicants (filtered) or staff see them: one read-only round trip for the submissions, their
    /// latest jobs and current results, however many they are, and for applicants one more for the rounds that release hidden tests.
    /// </summary>
    private static async Task<List<View>> LoadAsync(InternDb db, TaskCatalog catalog, IQueryable<Submission> submissions, bool forApplicant, DateTimeOffset now, CancellationToken ct)
    {
        // Scalar subqueries, because a projected FirstOrDefault of a whole job becomes a window over every job.
        var jobs = db.GradingJobs.OrderByDescending(j => j.EnqueuedAt);
        var rows = await submissions.AsNoTracking()
            .Select(s => new
            {
                Submission = s,
                Job = jobs.Where(j => j.SubmissionId == s.Id)
                    .Select(j => new { j.State, j.LastError, j.Phase, j.CasesDone, j.CasesTotal }).FirstOrDefault(),
                Json = db.GradingRecords.Where(r => r.Id == s.CurrentResultId).Select(r => r.Json).FirstOrDefault(),
                Deadline = db.HiringRounds.Where(r => r.Id == s.RoundId).Select(r => (DateTimeOffset?)r.Deadline).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var applicants = forApplicant
            ? rows.Where(r => r.Json is not null && r.Submission.RoundId is not null).Select(r => r.Submission.ApplicantId).Distinct().ToList()
            : [];
        var rounds = applicants.Count == 0 ? null : (await db.RoundMembers.AsNoTracking().Where(m => applicants.Contains(m.UserId))
            .Join(db.HiringRounds, m => m.RoundId, r => r.Id, (m, r) => new { m.UserId, Round = r }).ToListAsync(ct))
            .ToLookup(m => m.UserId, m => m.Round);
        var views = new List<View>(rows.Count);
        foreach (var row in rows)
        {
            var (submission, job, json) = (row.Submission, row.Job, row.Json);
            ApplicantView.Filtered? result = null;
            if (json is not null)
            {
                var document = ResultJson.Deserialize(json);
                result = forApplicant
                    ? ApplicantView.For(document, hiddenReleased: rounds is not null && HiddenReleased(rounds[submission.ApplicantId], submission, now))
                    : new ApplicantView.Filtered(document.Score, document.MaxScore, document.Tests, null, document.Output, document.Gradable, document.FormatErrors, document.Metrics);
            }
            var running = job?.State == JobState.Running;
            // The task as graded decides its policy, the round's deadline as it is now decides the lateness: as on the review sheet.
            var task = catalog.Find(submission.TaskSlug, submission.TaskVersion) ?? catalog.Find(submission.TaskSlug);
            views.Add(new View(submission.Id, submission.TaskSlug, submission.TaskVersion, submission.FileName, submission.CreatedAt,
                SubmissionStatus.Of(job?.State, json is not null), job?.State == JobState.Failed && !forApplicant ? job.LastError : null, result,
                running ? job!.Phase : null, running ? job!.CasesDone : 0, running ? job!.CasesTotal : 0)
            {
                Late = LateUpload.Of(submission.CreatedAt, row.Deadline, task?.Deadline.LatePenaltyPercentPerDay ?? 0),
            });
        }
        return views;
    }
}

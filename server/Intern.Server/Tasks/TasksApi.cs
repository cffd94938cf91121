using System.IO.Compression;
using System.Security.Claims;
using Intern.Grading.Tasks;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Tasks;

/// <summary>Tasks as applicants read them (statement, languages, limits, starter kit) and as staff list them (every imported version).</summary>
public static class TasksApi
{
    public sealed record TaskSummary(string Slug, string Title, string Track, int Version, IReadOnlyList<string> Languages);

    public sealed record TaskDetail(string Slug, string Title, string Track, int Version, IReadOnlyList<string> Languages, IReadOnlyList<string> Required,
        double TimeLimitSeconds, long MemoryLimitBytes, string Statement, bool HasStarter);

    public sealed record ImportedVersion(string Slug, int Version, string Title, string ContentHash, DateTimeOffset ImportedAt, bool Loaded);

    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapGet("/versions", VersionsAsync).RequireAuthorization(AccountRegistration.Reviewer);
        group.MapGet("/{slug}", GetAsync);
        group.MapGet("/{slug}/starter.zip", StarterAsync);
        group.MapGet("/{slug}/images/{*path}", ImageAsync);
        return app;
    }

    private static async Task<Ok<List<TaskSummary>>> ListAsync(ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, TaskCatalog catalog, CancellationToken ct)
    {
        var visible = await VisibleAsync(principal, users, db, catalog, ct);
        return TypedResults.Ok(catalog.All.Where(t => visible(t.Slug)).OrderBy(t => t.Slug, StringComparer.Ordinal)
            .Select(t => new TaskSummary(t.Slug, t.Title, t.Track, t.Version, t.Languages)).ToList());
    }

    private static async Task<Ok<List<ImportedVersion>>> VersionsAsync(InternDb db, TaskCatalog catalog, CancellationToken ct)
    {
        var records = await db.TaskRecords.OrderBy(t => t.Slug).ThenBy(t => t.Version).ToListAsync(ct);
        return TypedResults.Ok(records.Select(r => new ImportedVersion(r.Slug, r.Version, r.Title, r.ContentHash, r.ImportedAt,
            catalog.Find(r.Slug, r.Version) is not null)).ToList());
    }

    internal static async Task<Results<Ok<TaskDetail>, NotFound>> GetAsync(string slug, ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db,
        TaskCatalog catalog, CancellationToken ct)
    {
        if (catalog.Find(slug) is not { } task || !(await VisibleAsync(principal, users, db, catalog, ct))(slug))
            return TypedResults.NotFound();
        var statement = Path.Combine(task.Directory, "statement.md");
        return TypedResults.Ok(new TaskDetail(task.Slug, task.Title, task.Track, task.Version, task.Languages, task.Required,
            task.Run.Limits.CpuTime.TotalSeconds, task.Run.Limits.MemoryBytes,
            File.Exists(statement) ? await File.ReadAllTextAsync(statement, ct) : "", Directory.Exists(StarterOf(task))));
    }

    /// <summary>The starter kit as a zip, built in memory: kits are small (public data and skeletons only).</summary>
    private static async Task<Results<FileContentHttpResult, NotFound>> StarterAsync(string slug, ClaimsPrincipal principal, UserManager<AppUser> users,
        InternDb db, TaskCatalog catalog, CancellationToken ct)
    {
        if (catalog.Find(slug) is not { } task || !Directory.Exists(StarterOf(task)) || !(await VisibleAsync(principal, users, db, catalog, ct))(slug))
            return TypedResults.NotFound();
        using var buffer = new MemoryStream();
        await ZipFile.CreateFromDirectoryAsync(StarterOf(task), buffer, CompressionLevel.Optimal, includeBaseDirectory: false, ct);
        return TypedResults.File(buffer.ToArray(), "application/zip", $"{task.Slug}-v{task.Version}-starter.zip");
    }

    /// <summary>An image the statement shows (and nothing else of the task folder: see <see cref="StatementImageFiles"/>).</summary>
    private static async Task<Results<PhysicalFileHttpResult, NotFound>> ImageAsync(string slug, string path, ClaimsPrincipal principal,
        UserManager<AppUser> users, InternDb db, TaskCatalog catalog, CancellationToken ct)
    {
        if (catalog.Find(slug) is not { } task || !(await VisibleAsync(principal, users, db, catalog, ct))(slug))
            return TypedResults.NotFound();
        var statement = Path.Combine(task.Directory, "statement.md");
        var markdown = File.Exists(statement) ? await File.ReadAllTextAsync(statement, ct) : "";
        return StatementImageFiles.Find(task.Directory, markdown, path) is var (file, type)
            ? TypedResults.PhysicalFile(file, type)
            : TypedResults.NotFound();
    }

    private static string StarterOf(TaskDefinition task) => Path.Combine(task.Directory, "starter");

    /// <summary>Staff see every task; an applicant sees the tasks of the rounds they are enrolled in (open or closed).</summary>
    private static async Task<Func<string, bool>> VisibleAsync(ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, TaskCatalog catalog, CancellationToken ct)
    {
        if (principal.IsStaff())
            return _ => true;
        var user = Guid.Parse(users.GetUserId(principal)!);
        var slugs = (await db.RoundMembers.Where(m => m.UserId == user).Join(db.HiringRounds, m => m.RoundId, r => r.Id, (m, r) => r.TaskSlugs).ToListAsync(ct))
            .SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
        return slugs.Contains;
    }
}

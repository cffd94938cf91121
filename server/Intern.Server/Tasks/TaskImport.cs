using System.Security.Cryptography;
using System.Text;
using Intern.Grading.Tasks;
using Intern.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Tasks;

/// <summary>
/// Records each loaded package version in the database, so that rounds and submissions refer to versions
/// that existed. A package whose files changed while its version stayed the same is reported: applicants
/// who already submitted were graded against the old files, and the author should bump the version.
/// </summary>
public sealed partial class TaskImport(InternDb db, TaskCatalog catalog, TimeProvider time, ILogger<TaskImport> log)
{
    public sealed record Outcome(int Imported, int Unchanged, IReadOnlyList<string> ChangedWithoutBump);

    public async Task<Outcome> RunAsync(CancellationToken ct)
    {
        var known = await db.TaskRecords.ToDictionaryAsync(t => (t.Slug, t.Version), ct);
        int imported = 0, unchanged = 0;
        var drifted = new List<string>();
        foreach (var task in catalog.All.OrderBy(t => t.Slug, StringComparer.Ordinal))
        {
            var hash = ContentHash(task.Directory);
            if (!known.TryGetValue((task.Slug, task.Version), out var record))
            {
                db.TaskRecords.Add(TaskRecord.Import(task.Slug, task.Version, task.Title, hash, time.GetUtcNow()));
                imported++;
            }
            else if (record.ContentHash != hash)
            {
                drifted.Add($"{task.Slug} v{task.Version}");
                LogChangedWithoutBump(task.Slug, task.Version);
            }
            else
            {
                unchanged++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new Outcome(imported, unchanged, drifted);
    }

    /// <summary>SHA-256 over every file's relative path and bytes, in ordinal path order.</summary>
    public static string ContentHash(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(directory, f))
                     .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "__pycache__" or ".pytest_cache"))
                     .Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            using var stream = File.OpenRead(Path.Combine(directory, file));
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
                hash.AppendData(buffer, 0, read);
            hash.AppendData([0]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    [LoggerMessage(LogLevel.Warning, "Task {Slug} v{Version} changed since it was imported, but its version did not: bump `version` in task.yaml so that earlier submissions keep their grading")]
    private partial void LogChangedWithoutBump(string slug, int version);
}

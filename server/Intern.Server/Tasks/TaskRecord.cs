namespace Intern.Server.Tasks;

/// <summary>
/// One version of a task package as this deployment imported it: rounds open tasks by slug, submissions
/// keep the version they were made against, and reviewers see which statement an applicant read.
/// </summary>
public sealed class TaskRecord
{
    private TaskRecord() { }

    public string Slug { get; private set; } = "";
    public int Version { get; private set; }
    public string Title { get; private set; } = "";

    /// <summary>SHA-256 over the package's files, so that a package edited without a version bump is noticed.</summary>
    public string ContentHash { get; private set; } = "";
    public DateTimeOffset ImportedAt { get; private set; }

    public static TaskRecord Import(string slug, int version, string title, string contentHash, DateTimeOffset now) => new()
    {
        Slug = slug,
        Version = version,
        Title = title,
        ContentHash = contentHash,
        ImportedAt = now,
    };
}

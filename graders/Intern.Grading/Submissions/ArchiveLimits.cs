namespace Intern.Grading.Submissions;

/// <summary>
/// Bounds applied while a submission is read. Every size is counted from the bytes actually
/// decompressed, never from what the archive declares, so a lying archive is stopped too.
/// </summary>
public sealed record ArchiveLimits
{
    /// <summary>Most entries (files, folders, links, anything) the archive may hold.</summary>
    public int MaxEntries { get; init; } = 2000;

    /// <summary>Most bytes all files may expand to together.</summary>
    public long MaxTotalBytes { get; init; } = 64L << 20;

    /// <summary>Most bytes one file may expand to.</summary>
    public long MaxFileBytes { get; init; } = 32L << 20;

    /// <summary>
    /// Highest uncompressed/compressed ratio of one zip entry. Only entries that expand past
    /// <see cref="RatioFloorBytes"/> are held to it, because tiny files compress absurdly well.
    /// </summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Size under which an entry's compression ratio is not checked.</summary>
    public long RatioFloorBytes { get; init; } = 1L << 20;

    /// <summary>Longest path (in characters) of one file inside the submission.</summary>
    public int MaxPathLength { get; init; } = 255;

    /// <summary>Most folders a file may be nested in.</summary>
    public int MaxDepth { get; init; } = 16;

    public static ArchiveLimits Default { get; } = new();
}

using Intern.Grading.Sandbox;

namespace Intern.Grading.Submissions;

/// <summary>
/// Turns what an applicant uploaded (a zip, a tar, a .tar.gz, or a folder on the command line) into
/// the files of their submission. Nothing is written to disk: the files come back in memory, checked
/// and sorted by path. Refused: absolute or escaping paths, links, devices, pipes, duplicates, a file
/// that is also a folder, and anything over <see cref="ArchiveLimits"/>; skipped: folder entries and
/// the junk operating systems add (<c>__MACOSX/</c>, <c>.DS_Store</c>, <c>Thumbs.db</c>).
/// When every file sits in one top-level folder, that folder is removed. Root files named
/// <c>run</c> and <c>build</c> are always executable.
/// </summary>
/// <exception cref="SubmissionFormatException">The upload cannot be graded as it is.</exception>
public static class SubmissionArchive
{
    private const int SniffBytes = 262;

    public static async Task<IReadOnlyList<SandboxFile>> ReadAsync(string path, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        if (Directory.Exists(path))
            return await DirectorySubmissionReader.ReadAsync(path, limits, cancellationToken);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, useAsync: true);
        var head = new byte[SniffBytes];
        var length = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        file.Position = 0;
        return Sniff(head.AsSpan(0, length)) switch
        {
            Format.Zip => await ReadZipAsync(file, limits, cancellationToken),
            Format.Gzip => await ReadTarAsync(file, gzip: true, limits, cancellationToken),
            Format.Tar => await ReadTarAsync(file, gzip: false, limits, cancellationToken),
            _ => throw new SubmissionFormatException(SubmissionProblems.NotAnArchive),
        };
    }

    public static Task<IReadOnlyList<SandboxFile>> ReadZipAsync(Stream zip, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(limits);
        return ZipSubmissionReader.ReadAsync(zip, limits, cancellationToken);
    }

    public static Task<IReadOnlyList<SandboxFile>> ReadTarAsync(Stream tar, bool gzip, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tar);
        ArgumentNullException.ThrowIfNull(limits);
        return TarSubmissionReader.ReadAsync(tar, gzip, limits, cancellationToken);
    }

    private enum Format { Unknown, Zip, Gzip, Tar }

    private static Format Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
            return Format.Zip;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]))
            return Format.Gzip;
        return head.Length >= 262 && head[257..262].SequenceEqual("ustar"u8) ? Format.Tar : Format.Unknown;
    }
}

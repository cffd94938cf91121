using System.Formats.Tar;
using System.IO.Compression;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Submissions;

internal static class TarSubmissionReader
{
    public static async Task<IReadOnlyList<SandboxFile>> ReadAsync(
        Stream tar, bool gzip, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        var collector = new SubmissionCollector(limits);
        await using var decompressed = gzip ? new GZipStream(tar, CompressionMode.Decompress, leaveOpen: true) : null;
        await using var guarded = new TarMetadataGuard(decompressed ?? tar);
        await using var reader = new TarReader(guarded, leaveOpen: true);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                await ReadEntryAsync(collector, entry, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or EndOfStreamException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw collector.Fail(SubmissionProblems.Unreadable(e.Message));
        }
        return collector.Finish();
    }

    private static async Task ReadEntryAsync(SubmissionCollector collector, TarEntry entry, CancellationToken cancellationToken)
    {
        collector.CountEntry();
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            return;
        var name = entry.Name;
        // Every declared byte is read through on a stream, even for entries that are skipped,
        // so the declared size is checked for all of them before the reader moves on.
        collector.CheckDeclared(name, entry.Length, compressedLength: -1);
        var path = collector.Admit(name, KindOf(entry.EntryType), entry.EntryType.ToString());
        if (path is null)
            return;
        var content = entry.DataStream is { } data
            ? await collector.ReadAsync(name, data, entry.Length, compressedLength: -1, cancellationToken)
            : ReadOnlyMemory<byte>.Empty;
        collector.Add(path, content, (entry.Mode & UnixFileMode.UserExecute) != 0);
    }

    private static EntryKind KindOf(TarEntryType type) => type switch
    {
        TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile => EntryKind.File,
        TarEntryType.Directory => EntryKind.Directory,
        TarEntryType.SymbolicLink => EntryKind.SymbolicLink,
        TarEntryType.HardLink => EntryKind.HardLink,
        TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo => EntryKind.Special,
        _ => EntryKind.Unsupported,
    };
}

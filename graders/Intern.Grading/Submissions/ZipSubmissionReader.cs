using System.IO.Compression;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Submissions;

internal static class ZipSubmissionReader
{
    private const int UnixTypeMask = 0xF000;
    private const int UnixDirectory = 0x4000;
    private const int UnixRegular = 0x8000;
    private const int UnixSymbolicLink = 0xA000;
    private const int UnixOwnerExecute = 0x40;
    private const int DosDirectory = 0x10;

    public static async Task<IReadOnlyList<SandboxFile>> ReadAsync(
        Stream zip, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        var collector = new SubmissionCollector(limits);
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(zip, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw collector.Fail(SubmissionProblems.Unreadable(e.Message));
        }
        await using (archive)
        {
            try
            {
                collector.CountEntries(archive.Entries.Count);
                foreach (var entry in archive.Entries)
                    await ReadEntryAsync(collector, entry, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or EndOfStreamException)
            {
                throw collector.Fail(SubmissionProblems.Unreadable(e.Message));
            }
        }
        return collector.Finish();
    }

    private static async Task ReadEntryAsync(SubmissionCollector collector, ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        var name = entry.FullName;
        collector.CheckDeclared(name, entry.Length, entry.CompressedLength);
        var unixMode = (int)((uint)entry.ExternalAttributes >> 16);
        var path = collector.Admit(name, KindOf(entry, unixMode));
        if (path is null)
            return;
        if (entry.IsEncrypted)
        {
            collector.Refuse(SubmissionProblems.Encrypted(name));
            return;
        }
        ReadOnlyMemory<byte> content;
        await using (var data = await entry.OpenAsync(cancellationToken))
            content = await collector.ReadAsync(name, data, entry.Length, entry.CompressedLength, cancellationToken);
        // System.IO.Compression cuts output at the declared size and does not check the CRC, so a
        // lying entry would otherwise come out silently truncated.
        if (content.Length != entry.Length || Crc32.Compute(content.Span) != entry.Crc32)
        {
            collector.Refuse(SubmissionProblems.Damaged(name));
            return;
        }
        collector.Add(path, content, (unixMode & UnixOwnerExecute) != 0);
    }

    private static EntryKind KindOf(ZipArchiveEntry entry, int unixMode)
    {
        var type = unixMode & UnixTypeMask;
        if (type == UnixSymbolicLink)
            return EntryKind.SymbolicLink;
        if (type == UnixDirectory || (entry.ExternalAttributes & DosDirectory) != 0 || entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            return EntryKind.Directory;
        // Zips made on Windows carry no unix mode at all; that means a regular file.
        return type is 0 or UnixRegular ? EntryKind.File : EntryKind.Special;
    }
}

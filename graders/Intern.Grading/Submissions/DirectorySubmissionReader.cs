using System.Formats.Tar;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Submissions;

// A folder given on the command line, read with the same rules as an uploaded archive.
internal static class DirectorySubmissionReader
{
    public static async Task<IReadOnlyList<SandboxFile>> ReadAsync(
        string root, ArchiveLimits limits, CancellationToken cancellationToken)
    {
        var collector = new SubmissionCollector(limits);
        var rootInfo = new DirectoryInfo(root);
        var pending = new Stack<DirectoryInfo>([rootInfo]);
        while (pending.TryPop(out var folder))
        {
            foreach (var item in folder.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                collector.CountEntry();
                var name = Path.GetRelativePath(rootInfo.FullName, item.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (item.LinkTarget is not null || item.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    collector.Admit(name, EntryKind.SymbolicLink);
                else if (item is DirectoryInfo subfolder)
                {
                    if (!SubmissionPath.IsJunk(name))
                        pending.Push(subfolder);
                }
                else if (item is FileInfo file)
                    await ReadFileAsync(collector, name, file, cancellationToken);
            }
        }
        return collector.Finish();
    }

    private static async Task ReadFileAsync(SubmissionCollector collector, string name, FileInfo file, CancellationToken cancellationToken)
    {
        collector.CheckDeclared(name, file.Length, compressedLength: -1);
        // Pipes, devices and sockets all report a length of 0; only then is the type worth a probe,
        // and opening a pipe would block the grader.
        var kind = file.Length == 0 ? ProbeKind(file) : EntryKind.File;
        var path = collector.Admit(name, kind);
        if (path is null)
            return;
        await using var data = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        var content = await collector.ReadAsync(name, data, file.Length, compressedLength: -1, cancellationToken);
        var executable = !OperatingSystem.IsWindows() && (file.UnixFileMode & UnixFileMode.UserExecute) != 0;
        collector.Add(path, content, executable);
    }

    // .NET exposes no file type beyond "directory", but TarWriter lstat()s a path to pick its
    // entry type and never opens anything that is not a regular file.
    private static EntryKind ProbeKind(FileInfo file)
    {
        using var sink = new MemoryStream();
        try
        {
            using (var writer = new TarWriter(sink, TarEntryFormat.Pax, leaveOpen: true))
                writer.WriteEntry(file.FullName, "probe");
            sink.Position = 0;
            using var reader = new TarReader(sink);
            return reader.GetNextEntry()?.EntryType is TarEntryType.RegularFile ? EntryKind.File : EntryKind.Special;
        }
        catch (IOException)
        {
            // Sockets cannot be written to a tar at all.
            return EntryKind.Special;
        }
    }
}

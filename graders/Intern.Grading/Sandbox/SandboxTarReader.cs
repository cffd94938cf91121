using System.Formats.Tar;

namespace Intern.Grading.Sandbox;

// One pass over a tar from inside a sandbox. Nothing the candidate controls (names, types, sizes)
// is trusted: each entry is judged before its data is read, and the data is counted as it arrives.
internal sealed class SandboxTarReader(long maxTotalBytes, long maxFileBytes, int maxEntries)
{
    private readonly Dictionary<string, SandboxFile> _files = new(StringComparer.Ordinal);
    private int _entries;
    private long _totalBytes;

    public IReadOnlyList<SandboxFile> Read(Stream tar)
    {
        using var reader = new TarReader(new TarMetadataGuard(tar), leaveOpen: false);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            if (++_entries > maxEntries)
                throw TooLarge($"the archive holds more than {maxEntries} entries");
            if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes)
                continue;
            var path = SandboxPath.Normalize(entry.Name)
                ?? throw Forbidden($"entry '{Show(entry.Name)}' has an absolute, escaping or malformed path");
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                throw Forbidden($"entry '{Show(path)}' is a {Describe(entry.EntryType)}; only regular files may leave the sandbox");
            if (entry.Length > maxFileBytes)
                throw TooLarge($"file '{Show(path)}' is larger than {maxFileBytes} bytes");
            if (_totalBytes + entry.Length > maxTotalBytes)
                throw TooLarge($"the files are larger than {maxTotalBytes} bytes in total");
            var content = ReadCapped(path, entry.DataStream);
            var file = new SandboxFile(path, content, (entry.Mode & UnixFileMode.UserExecute) != 0);
            if (!_files.TryAdd(path, file))
                throw Forbidden($"entry '{Show(path)}' appears more than once");
        }
        return _files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    private byte[] ReadCapped(string path, Stream? data)
    {
        if (data is null)
            return [];
        var cap = Math.Min(maxFileBytes, maxTotalBytes - _totalBytes);
        using var content = new MemoryStream();
        var buffer = new byte[64 << 10];
        int n;
        while ((n = data.Read(buffer)) > 0)
        {
            if (content.Length + n > cap)
                throw TooLarge($"file '{Show(path)}' goes over the size limit");
            content.Write(buffer, 0, n);
        }
        _totalBytes += content.Length;
        return content.ToArray();
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "symbolic link",
        TarEntryType.HardLink => "hard link",
        TarEntryType.CharacterDevice or TarEntryType.BlockDevice => "device",
        TarEntryType.Fifo => "named pipe",
        _ => $"entry of type {type}",
    };

    private static string Show(string name) =>
        new(name.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static UnsafeArchiveException Forbidden(string message) => new(UnsafeArchiveKind.Forbidden, message);

    private static UnsafeArchiveException TooLarge(string message) => new(UnsafeArchiveKind.TooLarge, message);
}

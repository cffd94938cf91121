using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Text;

namespace Intern.Grading.Sandbox;

/// <summary>
/// The host side of moving files in and out of a sandbox as tar streams. <see cref="Pack"/> builds
/// the tar copied in; <see cref="Unpack"/> reads a tar produced inside an untrusted container and
/// returns only regular files, refusing anything else with an <see cref="UnsafeArchiveException"/>.
/// </summary>
public static class SandboxTar
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode ExecutableMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const int UstarNameBytes = 100;

    // A fixed time makes the same files give the same bytes, so tars can be cached and compared.
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Packs files (mode 0755 when executable, else 0644; parent folders 0755; owner 0:0) into a tar.
    /// Paths of up to 100 bytes use plain ustar headers and are byte-for-byte deterministic; longer
    /// ones need a pax header, whose own name .NET derives from the process id.
    /// </summary>
    /// <exception cref="ArgumentException">A path is not a safe relative path, or two files collide.</exception>
    public static byte[] Pack(IReadOnlyList<SandboxFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var ordered = Normalized(files);
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, file) in ordered)
            {
                for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
                {
                    var folder = path[..slash];
                    if (folders.Add(folder))
                        writer.WriteEntry(NewEntry(TarEntryType.Directory, folder + "/", ExecutableMode));
                }
                var entry = NewEntry(TarEntryType.RegularFile, path, file.Executable ? ExecutableMode : FileMode);
                entry.DataStream = AsStream(file.Content);
                writer.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    /// <summary>
    /// Reads regular files out of a tar made inside a sandbox. Folder entries are skipped; links,
    /// devices, pipes, absolute or escaping paths and duplicates are <see cref="UnsafeArchiveKind.Forbidden"/>;
    /// more than <paramref name="maxEntries"/> entries or more bytes than the caps are
    /// <see cref="UnsafeArchiveKind.TooLarge"/>. Sizes are counted as the bytes arrive.
    /// </summary>
    public static IReadOnlyList<SandboxFile> Unpack(Stream tar, long maxTotalBytes, long maxFileBytes, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(tar);
        try
        {
            return new SandboxTarReader(maxTotalBytes, maxFileBytes, maxEntries).Read(tar);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or EndOfStreamException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new UnsafeArchiveException(UnsafeArchiveKind.Malformed, $"the tar stream is not readable: {e.Message}", e);
        }
    }

    private static List<(string Path, SandboxFile File)> Normalized(IReadOnlyList<SandboxFile> files)
    {
        var byPath = new SortedDictionary<string, SandboxFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = SandboxPath.Normalize(file.Path) ?? throw new ArgumentException($"'{file.Path}' is not a safe relative path", nameof(files));
            if (!byPath.TryAdd(path, file))
                throw new ArgumentException($"'{path}' is given more than once", nameof(files));
        }
        foreach (var path in byPath.Keys)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (byPath.ContainsKey(path[..slash]))
                    throw new ArgumentException($"'{path[..slash]}' is both a file and a folder", nameof(files));
            }
        }
        return byPath.Select(p => (p.Key, p.Value)).ToList();
    }

    private static PosixTarEntry NewEntry(TarEntryType type, string name, UnixFileMode mode)
    {
        PosixTarEntry entry = Encoding.UTF8.GetByteCount(name) <= UstarNameBytes
            ? new UstarTarEntry(type, name)
            : new PaxTarEntry(type, name);
        entry.Mode = mode;
        entry.ModificationTime = FixedTime;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "";
        entry.GroupName = "";
        return entry;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
}

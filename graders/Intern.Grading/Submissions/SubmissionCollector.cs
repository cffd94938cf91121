using System.Buffers;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Submissions;

internal enum EntryKind { File, Directory, SymbolicLink, HardLink, Special, Unsupported }

// Shared by every reader: the readers only translate their format's entries, the rules live here.
// Refusals of single entries are collected so the applicant can fix them all at once; breaches of
// a limit stop reading at once, so that a bomb is never expanded further.
internal sealed class SubmissionCollector(ArchiveLimits limits)
{
    private const int MaxProblems = 20;
    private const int CopyBufferBytes = 64 << 10;

    private readonly List<string> _problems = [];
    private readonly Dictionary<string, SandboxFile> _files = new(StringComparer.Ordinal);
    private int _entries;
    private long _declaredBytes;
    private long _readBytes;

    public SubmissionFormatException Fail(string problem) => new([.. _problems, problem]);

    public void CountEntries(int count)
    {
        if (count > limits.MaxEntries)
            throw Fail(SubmissionProblems.TooManyEntries(count, limits.MaxEntries));
        _entries = count;
    }

    public void CountEntry()
    {
        if (++_entries > limits.MaxEntries)
            throw Fail(SubmissionProblems.TooManyEntriesAtLeast(limits.MaxEntries));
    }

    // Refuses early on what the archive declares; honest bombs stop here without any decompression.
    // A negative compressedLength means the format has no per-entry compression.
    public void CheckDeclared(string name, long length, long compressedLength)
    {
        if (length > limits.MaxFileBytes)
            throw Fail(SubmissionProblems.FileTooLarge(name, limits.MaxFileBytes));
        if (compressedLength >= 0 && length > RatioCap(compressedLength))
            throw Fail(SubmissionProblems.RatioTooHigh(name, limits.MaxCompressionRatio));
        _declaredBytes += length;
        if (_declaredBytes > limits.MaxTotalBytes)
            throw Fail(SubmissionProblems.TotalTooLarge(limits.MaxTotalBytes));
    }

    // Returns the path to read the entry under, or null when it is skipped or refused.
    public string? Admit(string name, EntryKind kind, string typeName = "")
    {
        var path = SubmissionPath.Normalize(name, limits, out var problem);
        if (path is null)
        {
            Refuse(problem!);
            return null;
        }
        if (SubmissionPath.IsJunk(path) || kind == EntryKind.Directory)
            return null;
        if (path.Length == 0)
        {
            Refuse(SubmissionProblems.NoName(name));
            return null;
        }
        var refusal = kind switch
        {
            EntryKind.SymbolicLink => SubmissionProblems.Link(name),
            EntryKind.HardLink => SubmissionProblems.HardLink(name),
            EntryKind.Special => SubmissionProblems.Special(name),
            EntryKind.Unsupported => SubmissionProblems.Unsupported(name, typeName),
            _ => null,
        };
        if (refusal is null)
            return path;
        Refuse(refusal);
        return null;
    }

    // Reads an entry's bytes, counting what actually comes out of the decompressor.
    public async Task<ReadOnlyMemory<byte>> ReadAsync(
        string name, Stream data, long declaredLength, long compressedLength, CancellationToken cancellationToken)
    {
        var remaining = limits.MaxTotalBytes - _readBytes;
        var cap = Math.Min(limits.MaxFileBytes, remaining);
        var ratioCap = compressedLength >= 0 ? RatioCap(compressedLength) : long.MaxValue;
        // The declared length only sizes the first allocation; CheckDeclared has already bounded
        // the sum of all declared lengths, so a liar cannot make these hints add up.
        using var content = new MemoryStream((int)Math.Clamp(declaredLength, 0, cap));
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            int n;
            while ((n = await data.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (content.Length + n > cap)
                {
                    throw Fail(cap == limits.MaxFileBytes
                        ? SubmissionProblems.FileTooLarge(name, limits.MaxFileBytes)
                        : SubmissionProblems.TotalTooLarge(limits.MaxTotalBytes));
                }
                if (content.Length + n > ratioCap)
                    throw Fail(SubmissionProblems.RatioTooHigh(name, limits.MaxCompressionRatio));
                content.Write(buffer, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        _readBytes += content.Length;
        // Honest entries fill their buffer exactly; anything else is trimmed rather than kept oversized.
        return content.Length == content.Capacity ? content.GetBuffer() : content.ToArray();
    }

    public void Add(string path, ReadOnlyMemory<byte> content, bool executable)
    {
        if (!_files.TryAdd(path, new SandboxFile(path, content, executable)))
            Refuse(SubmissionProblems.Duplicate(path));
    }

    public void Refuse(string problem)
    {
        _problems.Add(problem);
        if (_problems.Count >= MaxProblems)
            throw new SubmissionFormatException([.. _problems]);
    }

    public IReadOnlyList<SandboxFile> Finish()
    {
        foreach (var folder in FilesUsedAsFolders().Take(MaxProblems))
            _problems.Add(SubmissionProblems.FileAndFolder(folder));
        if (_problems.Count > 0)
            throw new SubmissionFormatException([.. _problems.Take(MaxProblems)]);
        if (_files.Count == 0)
            throw Fail(SubmissionProblems.Empty);
        return SubmissionLayout.Arrange(_files.Values);
    }

    private long RatioCap(long compressedLength) =>
        Math.Max(limits.RatioFloorBytes, (long)Math.Min(long.MaxValue / 2.0, limits.MaxCompressionRatio * compressedLength));

    private IEnumerable<string> FilesUsedAsFolders()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in _files.Keys)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                var folder = path[..slash];
                if (_files.ContainsKey(folder) && seen.Add(folder))
                    yield return folder;
            }
        }
    }
}

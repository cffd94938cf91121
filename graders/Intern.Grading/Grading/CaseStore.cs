using System.Security.Cryptography;
using System.Text;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Generated cases on disk, under <c>CASE_DIRECTORY/generated/DIGEST</c> with DIGEST from
/// <see cref="GeneratedCases.Key"/>: a package whose generators did not change is not generated again, by this
/// process or another one on the host. A folder appears whole or not at all (written aside, then renamed), and is
/// never changed afterwards. Hidden answers live here, so the whole directory is the grader user's alone (0700).
/// Every use of a folder marks it used (its modification time); when a grader writes a new one it removes those no
/// grader used for <see cref="KeptUnused"/> (cases of package versions long replaced) and what crashed writers left.
/// </summary>
internal static class CaseStore
{
    /// <summary>How long a folder no grading used is kept: far longer than any grading holds its cases.</summary>
    public static readonly TimeSpan KeptUnused = TimeSpan.FromDays(30);

    /// <summary>How long a half-written folder (written aside, never renamed) may be some writer's work in progress.</summary>
    public static readonly TimeSpan KeptHalfWritten = TimeSpan.FromDays(1);

    /// <summary>The cache folder of <paramref name="key"/>, or null when the deployment keeps no case directory.</summary>
    public static string? Folder(GradingSettings settings, GeneratedCases.Key key) =>
        settings.CaseDirectory is null ? null : Path.Combine(Root(settings.CaseDirectory, "generated"), key.Digest);

    /// <summary>
    /// A folder of the case directory, private to the grader's user. The case directory itself is created private when
    /// missing but never changed when it exists (it may be a folder others use); what it holds is protected by this one.
    /// </summary>
    public static string Root(string caseDirectory, string folder)
    {
        var root = Path.GetFullPath(caseDirectory);
        if (!Directory.Exists(root))
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Private(Path.Combine(root, folder));
    }

    /// <summary>The cached cases of <paramref name="folder"/>, or null when they were never written (or were removed).</summary>
    public static IReadOnlyList<TestCase>? TryLoad(GradingSettings settings, string folder) =>
        MarkUsed(folder) ? TestCaseFiles.Load(folder, settings.MountInputsAbove) : null;

    /// <summary>Marks <paramref name="folder"/> used now; false when it is not there (never written, or removed as unused).</summary>
    public static bool MarkUsed(string folder)
    {
        try
        {
            Directory.SetLastWriteTimeUtc(folder, TimeProvider.System.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // A case directory this grader may read but not change: the cases serve, they just cannot be marked.
            return Directory.Exists(folder);
        }
    }

    /// <summary>
    /// Removes the folders under <paramref name="generated"/> that no grader used for <see cref="KeptUnused"/> before
    /// <paramref name="now"/>, and the half-written ones older than <see cref="KeptHalfWritten"/>.
    /// </summary>
    public static int Prune(string generated, DateTime now) =>
        RemoveOlder(generated, now, name => name.StartsWith('.') ? KeptHalfWritten : KeptUnused);

    /// <summary>
    /// Removes the folders under <paramref name="parent"/> not written for longer than <paramref name="kept"/> gives
    /// for their name. A folder is first renamed aside (one step: no reader sees it half deleted) and checked again
    /// there: one a grader marked used in between goes back. What cannot be removed is left to the next pass, under a
    /// dot name that makes it a leftover: this never fails a grading.
    /// </summary>
    public static int RemoveOlder(string parent, DateTime now, Func<string, TimeSpan> kept)
    {
        var removed = 0;
        // A snapshot: the loop renames folders within the same parent, which a live enumeration could meet again.
        foreach (var folder in Directory.GetDirectories(parent))
        {
            var name = Path.GetFileName(folder);
            if (now - Directory.GetLastWriteTimeUtc(folder) <= kept(name))
                continue;
            var aside = Path.Combine(parent, name.StartsWith('.') ? name : $".removed.{name}.{Guid.NewGuid():N}");
            try
            {
                if (aside != folder)
                {
                    Directory.Move(folder, aside);
                    if (now - Directory.GetLastWriteTimeUtc(aside) <= kept(name))
                    {
                        Directory.Move(aside, folder);
                        continue;
                    }
                }
                Directory.Delete(aside, recursive: true);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return removed;
    }

    /// <summary>Writes a generator's output (paths under <paramref name="outDir"/>) as <paramref name="folder"/> and loads it.</summary>
    public static async Task<IReadOnlyList<TestCase>> SaveAsync(GradingSettings settings, string folder, string outDir,
        IReadOnlyList<SandboxFile> files, CancellationToken ct)
    {
        var parent = Path.GetDirectoryName(folder)!;
        var aside = Path.Combine(parent, "." + Path.GetFileName(folder) + "." + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var file in files)
            {
                var target = Path.Combine(aside, Path.GetRelativePath(outDir, file.Path));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, file.Content.ToArray(), ct);
            }
            // Checked before it is kept: a package that writes no cases must not leave a cache entry that fails every later grading.
            TestCaseFiles.Load(aside, settings.MountInputsAbove);
            try
            {
                Directory.Move(aside, folder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another grader wrote the same cases first: they are the same bytes, keep theirs.
            }
        }
        finally
        {
            if (Directory.Exists(aside))
                Directory.Delete(aside, recursive: true);
        }
        // The cache grew: the moment to drop what nobody uses any more (not these cases, which may be another's, kept).
        MarkUsed(folder);
        Prune(parent, TimeProvider.System.GetUtcNow().UtcDateTime);
        return TestCaseFiles.Load(folder, settings.MountInputsAbove);
    }

    /// <summary>
    /// Hash of the files a generator is given (paths, executable bits, contents): any change to the package
    /// that a generator could see makes new cases, whatever the package's version says.
    /// </summary>
    public static string PackageHash(IReadOnlyList<SandboxFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{file.Path}\0{(file.Executable ? 1 : 0)}\0{file.Content.Length}\0"));
            hash.AppendData(file.Content.Span);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// <paramref name="path"/>, created if needed, readable by the grader's user only: hidden answers live below it. An
    /// existing folder is tightened too (a case directory pointed at a shared folder would show them to everyone).
    /// </summary>
    private static string Private(string path)
    {
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(path, OwnerOnly);
        File.SetUnixFileMode(path, OwnerOnly);
        return path;
    }
}

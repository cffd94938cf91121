using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// One grading's folder for inputs kept on disk (<see cref="TestCase.InputOnDisk"/>): created empty under the
/// deployment's case directory, mounted read-only into the grading's candidate, reference and checker sandboxes,
/// and holding the input tree of the case being run and nothing else. It is a copy, never the cache itself, so
/// that a sandbox sees neither other cases nor answers, and removing it after the grading touches no cached data.
/// </summary>
internal sealed class MountedInputs : IDisposable
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Traversable = Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static readonly EnumerationOptions WithoutLinks = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = false,
    };

    /// <summary>How old a folder of mounted inputs must be to count as left behind by a grader that crashed.</summary>
    public static readonly TimeSpan LeftoverAfter = TimeSpan.FromDays(1);

    private MountedInputs(string directory) => HostDirectory = directory;

    /// <summary>The host folder to mount (<see cref="SandboxSpec.InputsDirectory"/>).</summary>
    public string HostDirectory { get; }

    /// <summary>
    /// A fresh folder when some case keeps its input on disk, else null (and no sandbox of the grading gets a mount).
    /// </summary>
    public static MountedInputs? CreateFor(GradingSettings settings, IEnumerable<TestCase> cases)
    {
        if (settings.CaseDirectory is null || !cases.Any(c => c.InputOnDisk is not null))
            return null;
        var root = CaseStore.Root(settings.CaseDirectory, "mounts");
        // A grader that crashed left its folder behind: no grading lasts a day, so one that old is nobody's.
        CaseStore.RemoveOlder(root, TimeProvider.System.GetUtcNow().UtcDateTime, _ => LeftoverAfter);
        // The sandbox user is not the grader's: the folder itself must be readable by everyone; its parents are not.
        var directory = Directory.CreateDirectory(Path.Combine(root, Guid.NewGuid().ToString("N")), Traversable);
        // The mode given to mkdir passes through the umask (077 would lock the sandbox user out): set it outright.
        File.SetUnixFileMode(directory.FullName, Traversable);
        return new MountedInputs(directory.FullName);
    }

    /// <summary>Replaces what the folder holds with <paramref name="testCase"/>'s input tree (nothing for a case kept in memory).</summary>
    public void Stage(TestCase testCase)
    {
        Clear();
        if (testCase.InputOnDisk is not { } source)
            return;
        foreach (var path in Directory.EnumerateFiles(source, "*", WithoutLinks))
        {
            var target = Path.Combine(HostDirectory, Path.GetRelativePath(source, path));
            var folder = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder, Traversable);
                File.SetUnixFileMode(folder, Traversable);
            }
            File.Copy(path, target);
            File.SetUnixFileMode(target, Readable);
        }
    }

    /// <summary>Empties the folder, keeping the folder itself: it is the source of live mounts.</summary>
    public void Clear()
    {
        foreach (var folder in Directory.EnumerateDirectories(HostDirectory))
            Directory.Delete(folder, recursive: true);
        foreach (var file in Directory.EnumerateFiles(HostDirectory))
            File.Delete(file);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(HostDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover costs disk only (one case's inputs, readable by nobody but the grader's user).
        }
    }
}

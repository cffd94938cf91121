namespace Intern.Grading.Tests.Tasks;

/// <summary>A task package written into its own temporary directory and deleted afterwards.</summary>
internal sealed class TempPackage : IDisposable
{
    public TempPackage()
    {
        Directory = Path.Combine(Path.GetTempPath(), "intern-task-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public TempPackage Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>A directory with one complete test case, so that `tests:` pointing at it is valid.</summary>
    public TempPackage WithTests(string relativeDirectory) =>
        Write($"{relativeDirectory}/1.in", "1 2\n").Write($"{relativeDirectory}/1.ans", "3\n");

    public string PathOf(string relativePath) => Path.Combine(Directory, relativePath);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

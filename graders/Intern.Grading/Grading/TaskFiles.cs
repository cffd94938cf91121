using Intern.Grading.Sandbox;

namespace Intern.Grading.Grading;

/// <summary>The parts of a task package that trusted programs (generators, checkers) need inside their sandbox.</summary>
internal static class TaskFiles
{
    // Solutions and the starter kit are never needed by trusted programs; tests are handed over case by case.
    private static readonly string[] Excluded = ["solutions", "starter", "tests"];

    public static IReadOnlyList<SandboxFile> ForTrustedSandbox(string taskDirectory, string prefix)
    {
        var files = new List<SandboxFile>();
        // Links are never followed: a package's link must not pull host files into a sandbox.
        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var path in Directory.EnumerateFiles(taskDirectory, "*", walk))
        {
            var relative = Path.GetRelativePath(taskDirectory, path).Replace('\\', '/');
            if (Excluded.Any(e => relative.StartsWith(e + "/", StringComparison.Ordinal)))
                continue;
            var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
            files.Add(new SandboxFile(prefix + "/" + relative, File.ReadAllBytes(path), executable));
        }
        return files;
    }
}

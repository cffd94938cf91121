using Intern.Grading.Sandbox;

namespace Intern.Grading.Submissions;

// How applicants package their work varies; the grader wants one shape: the project at the root.
internal static class SubmissionLayout
{
    // Windows zips drop the executable bit, but the task contract runs these two directly.
    private static readonly string[] AlwaysExecutable = ["run", "build"];

    public static IReadOnlyList<SandboxFile> Arrange(IEnumerable<SandboxFile> files)
    {
        var list = files.ToList();
        var top = CommonTopFolder(list);
        return list
            .Select(f =>
            {
                var path = top is null ? f.Path : f.Path[(top.Length + 1)..];
                return f with { Path = path, Executable = f.Executable || AlwaysExecutable.Contains(path) };
            })
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
    }

    // Applicants often zip the folder itself rather than its contents.
    private static string? CommonTopFolder(List<SandboxFile> files)
    {
        string? top = null;
        foreach (var file in files)
        {
            var slash = file.Path.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
                return null;
            var first = file.Path[..slash];
            if (top is null)
                top = first;
            else if (top != first)
                return null;
        }
        return top;
    }
}

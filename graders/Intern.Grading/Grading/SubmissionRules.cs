using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>Decides whether a submission can be graded at all, before any container starts.</summary>
public static class SubmissionRules
{
    public static IReadOnlyList<string> FormatErrors(TaskDefinition task, IReadOnlyList<SandboxFile> submission)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(submission);
        var errors = new List<string>();
        if (submission.Count == 0)
            errors.Add("The submission is empty.");
        var paths = submission.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var required in task.Required)
        {
            if (paths.Contains(required))
                continue;
            var elsewhere = paths.FirstOrDefault(p => p.EndsWith("/" + required, StringComparison.Ordinal));
            errors.Add(elsewhere is null
                ? $"The file '{required}' is missing at the root of the submission."
                : $"The file '{required}' must be at the root of the submission, not at '{elsewhere}'.");
        }
        return errors;
    }

    /// <summary>The build stage runs only when the submission brings the file its command names.</summary>
    public static bool HasBuild(TaskDefinition task, IReadOnlyList<SandboxFile> submission)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Build is null || task.Build.Command.Count == 0)
            return false;
        var script = SandboxPath.Normalize(task.Build.Command[0]);
        return script is not null && submission.Any(f => f.Path == script);
    }
}

using System.Globalization;
using System.Text;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>Starts a sandbox for a solution of a task: the submission under <c>/box/work</c>, built once when it has a build.</summary>
internal static class SolutionSandbox
{
    public static SandboxSpec Spec(TaskDefinition task, GradingSettings settings, string role, string? inputs = null) => new()
    {
        Image = task.Image,
        MemoryBytes = task.Groups.Select(g => g.Limits.MemoryBytes).Append(task.Build?.Limits.MemoryBytes ?? 0).Max(),
        Pids = task.Sandbox.Pids,
        Cpus = task.Sandbox.Cpus,
        Cpuset = task.Sandbox.Cpuset ?? settings.Cpuset,
        WorkDirBytes = task.Sandbox.WorkDirBytes,
        TmpBytes = task.Sandbox.TmpBytes,
        InputsDirectory = inputs,
        Role = role,
    };

    /// <summary>The started sandbox and the build's result (null when there is no build). The caller owns the sandbox.</summary>
    public static async Task<(ISandbox Box, RunResult? Build)> StartAsync(TaskDefinition task, IReadOnlyList<SandboxFile> files,
        GradingSettings settings, ISandboxFactory sandboxes, string role, Action? building, CancellationToken ct, string? inputs = null)
    {
        var box = await sandboxes.StartAsync(Spec(task, settings, role, inputs), ct);
        try
        {
            await box.PutFilesAsync([.. files.Select(f => f with { Path = "work/" + f.Path })], ct);
            if (!SubmissionRules.HasBuild(task, files))
                return (box, null);
            building?.Invoke();
            var stage = task.Build!;
            return (box, await box.RunAsync(new RunRequest { Command = stage.Command, Limits = stage.Limits }, ct));
        }
        catch
        {
            await box.DisposeAsync();
            throw;
        }
    }

    public static string BuildReport(RunResult build)
    {
        var text = new StringBuilder();
        text.Append("Build: ").Append(build.Status).Append(build.Message.Length > 0 ? " (" + build.Message + ")" : "")
            .Append(", ").Append(build.WallTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).AppendLine(" s");
        var log = Encoding.UTF8.GetString(build.Stdout.Span) + Encoding.UTF8.GetString(build.Stderr.Span);
        if (log.Length > 20_000)
            log = "...\n" + log[^20_000..];
        return text.Append(log).ToString().TrimEnd();
    }
}

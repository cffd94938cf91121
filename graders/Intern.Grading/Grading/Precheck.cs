using System.Text.Json;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>A forbidden construct a precheck found, and which tests (name prefixes; null = all) it costs.</summary>
public sealed record PrecheckFinding(string File, int Line, string Message, IReadOnlyList<string>? Tests = null)
{
    public bool Covers(string testName) => Tests is null || Tests.Any(prefix => testName.StartsWith(prefix, StringComparison.Ordinal));

    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Runs a task's precheck program over the submission's files in a trusted sandbox (it never runs them).</summary>
internal static class Precheck
{
    private static readonly RunLimits Limits = new()
    {
        CpuTime = TimeSpan.FromSeconds(60),
        WallTime = TimeSpan.FromSeconds(90),
        MemoryBytes = 512L << 20,
        StdoutBytes = 1L << 20,
    };

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Wire(List<PrecheckFinding>? Findings);

    public static async Task<IReadOnlyList<PrecheckFinding>> RunAsync(TaskDefinition task, IReadOnlyList<SandboxFile> submission,
        ISandboxFactory sandboxes, CancellationToken ct)
    {
        if (task.Precheck is null)
            return [];
        await using var box = await sandboxes.StartAsync(new SandboxSpec { Image = task.CheckerImage, MemoryBytes = Limits.MemoryBytes, WorkDirBytes = 512L << 20, Role = "precheck" }, ct);
        await box.PutFilesAsync([.. TaskFiles.ForTrustedSandbox(task.Directory, "task"), .. submission.Select(f => f with { Path = "submission/" + f.Path, Executable = false })], ct);
        var result = await box.RunAsync(new RunRequest { Command = task.Precheck.Command, WorkingDirectory = "task", Limits = Limits }, ct);
        if (result.Status != SandboxStatus.OK)
            throw new SandboxException($"The task's precheck failed ({result.Status}: {result.Message}): {System.Text.Encoding.UTF8.GetString(result.Stderr.Span)}");
        try
        {
            return JsonSerializer.Deserialize<Wire>(result.Stdout.Span, Json)?.Findings ?? throw new JsonException("no findings list");
        }
        catch (JsonException e)
        {
            throw new SandboxException("The task's precheck did not print {\"findings\": [...]}: " + e.Message, e);
        }
    }
}

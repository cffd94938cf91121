using System.Text.Json;
using Intern.Grading.Checking;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Runs a task's own checker program in a trusted sandbox that never sees candidate code: it gets the
/// test's input, the expected answer and the candidate's outputs only. The checker is called as
/// <c>COMMAND INPUT OUTPUT ANSWER</c> (OUTPUT is stdout, or a directory of the output files when the
/// task declares <c>outputs</c>) and prints one JSON object: <c>{"score": 0..1, "message": "..."}</c>.
/// </summary>
internal sealed class ProgramChecker(ISandboxFactory sandboxes, TaskDefinition task) : IAsyncDisposable
{
    private static readonly RunLimits CheckerLimits = new()
    {
        CpuTime = TimeSpan.FromMinutes(2),
        WallTime = TimeSpan.FromMinutes(3),
        MemoryBytes = 2L << 30,
        StdoutBytes = 1L << 20,
    };

    private readonly Dictionary<string, ISandbox> _boxes = new(StringComparer.Ordinal);

    public async Task<CheckOutcome> CheckAsync(CheckerSpec spec, TestCase testCase, RunResult run, CancellationToken ct)
    {
        var box = await SandboxForAsync(spec.Image ?? task.CheckerImage, ct);
        var files = new List<SandboxFile>
        {
            new("check/input", testCase.Input),
            new("check/answer", testCase.Answer),
        };
        var outputArg = "/box/check/output";
        if (task.Outputs.Count == 0)
            files.Add(new SandboxFile("check/output", run.Stdout));
        else
            files.AddRange(run.Files.Select(f => f with { Path = "check/output/" + StripWork(f.Path), Executable = false }));
        if (files.FirstOrDefault(f => SandboxPath.Normalize(f.Path) != f.Path) is { } unfit)
            return CheckOutcome.Wrong($"the output file '{StripWork(unfit.Path[13..])}' has a name the checker cannot receive (too long)");
        var result = await box.RunAsync(new RunRequest
        {
            Command = [.. spec.Command, "/box/check/input", outputArg, "/box/check/answer"],
            WorkingDirectory = "task",
            FilesIn = files,
            Limits = CheckerLimits,
        }, ct);
        await box.DeleteAsync(["check"], ct);
        if (result.Status != SandboxStatus.OK)
            throw new SandboxException($"The task's checker failed ({result.Status}: {result.Message}): {System.Text.Encoding.UTF8.GetString(result.Stderr.Span)}");
        return Parse(result.Stdout.Span);
    }

    internal static CheckOutcome Parse(ReadOnlySpan<byte> stdout)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout.ToArray());
            var score = doc.RootElement.GetProperty("score").GetDouble();
            var message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            if (double.IsNaN(score) || score < 0 || score > 1)
                throw new SandboxException($"The task's checker gave a score of {score}, outside 0..1.");
            var verdict = score >= 1 ? CheckVerdict.AC : score > 0 ? CheckVerdict.PA : CheckVerdict.WA;
            return new CheckOutcome(score, verdict, message);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new SandboxException("The task's checker did not print {\"score\": ..., \"message\": ...}: " + e.Message, e);
        }
    }

    private static string StripWork(string path) => path.StartsWith("work/", StringComparison.Ordinal) ? path[5..] : path;

    private async Task<ISandbox> SandboxForAsync(string image, CancellationToken ct)
    {
        if (_boxes.TryGetValue(image, out var box))
            return box;
        box = await sandboxes.StartAsync(new SandboxSpec { Image = image, MemoryBytes = CheckerLimits.MemoryBytes, WorkDirBytes = 1L << 30, Role = "checker" }, ct);
        _boxes[image] = box;
        await box.PutFilesAsync(TaskFiles.ForTrustedSandbox(task.Directory, "task"), ct);
        return box;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var box in _boxes.Values)
            await box.DisposeAsync();
    }
}

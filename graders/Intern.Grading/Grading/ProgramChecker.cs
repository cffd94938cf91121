using Intern.Grading.Checking;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Runs a task's own checker program in a trusted sandbox that never sees candidate code: it gets the
/// case's input, the expected answer and the candidate's outputs only, laid out and called as
/// docs/task-packages.md describes (<c>COMMAND INPUT OUTPUT ANSWER [ARGS...]</c>, one JSON object out).
/// </summary>
internal sealed class ProgramChecker(ISandboxFactory sandboxes, TaskDefinition task, MountedInputs? inputs = null) : IAsyncDisposable
{
    private const string Input = "check/input";
    private const string Output = "check/output";
    private const string Answer = "check/answer";
    private const string Artifacts = "check/artifacts";

    private static readonly RunLimits CheckerLimits = new()
    {
        CpuTime = TimeSpan.FromMinutes(2),
        WallTime = TimeSpan.FromMinutes(3),
        MemoryBytes = 2L << 30,
        StdoutBytes = 1L << 20,
        FilesOutBytes = 64L << 20,
    };

    private readonly Dictionary<string, ISandbox> _boxes = new(StringComparer.Ordinal);

    /// <summary>The checker's report and the bytes of the artifacts it declared (paths relative to its artifact folder).</summary>
    public async Task<(CheckerReport Report, IReadOnlyList<SandboxFile> ArtifactFiles)> CheckAsync(
        CheckerSpec spec, TestCase testCase, RunResult run, CancellationToken ct)
    {
        var files = Layout(testCase, run);
        if (files.FirstOrDefault(f => SandboxPath.Normalize(f.Path) != f.Path) is { } unfit)
            return (new CheckerReport(CheckOutcome.Wrong($"an output file has a name the checker cannot receive: '{unfit.Path[(Output.Length + 1)..]}'")), []);
        var box = await SandboxForAsync(spec.Image ?? task.CheckerImage, ct);
        // An input kept on disk is where the candidate saw it: the grading's read-only mount, staged for this case.
        var input = testCase.InputOnDisk is null ? "/box/" + Input : SandboxSpec.InputsMountPoint;
        var result = await box.RunAsync(new RunRequest
        {
            Command = [.. spec.Command, input, "/box/" + Output, "/box/" + Answer,
                .. CaseLayout.Substitute(testCase.Args, input, "/box/" + Output)],
            WorkingDirectory = "task",
            FilesIn = files,
            EmptyDirectories = [Artifacts, .. testCase.IsFolder && testCase.InputFiles.Count == 0 && testCase.InputOnDisk is null ? [Input] : Array.Empty<string>()],
            FilesOut = [Artifacts],
            Limits = CheckerLimits,
        }, ct);
        await box.DeleteAsync(["check"], ct);
        if (result.Status != SandboxStatus.OK)
            throw new SandboxException($"The task's checker failed ({result.Status}: {result.Message}): {System.Text.Encoding.UTF8.GetString(result.Stderr.Span)}");
        var report = CheckerReport.Parse(result.Stdout.Span);
        var produced = result.Files.ToDictionary(f => f.Path[(Artifacts.Length + 1)..], StringComparer.Ordinal);
        var missing = report.Artifacts.FirstOrDefault(a => !produced.ContainsKey(SandboxPath.Normalize(a.Path)!));
        if (missing is not null)
            throw new SandboxException($"The task's checker declared the artifact '{missing.Path}' but did not write it under /box/{Artifacts}.");
        return (report, [.. report.Artifacts.Select(a => produced[SandboxPath.Normalize(a.Path)!] with { Path = SandboxPath.Normalize(a.Path)! })]);
    }

    private List<SandboxFile> Layout(TestCase testCase, RunResult run)
    {
        var files = new List<SandboxFile> { new("check/stdout", run.Stdout) };
        if (testCase.IsFolder)
        {
            files.Add(new SandboxFile("check/stdin", testCase.Input));
            files.AddRange(testCase.InputFiles.Select(f => f with { Path = Input + "/" + f.Path, Executable = false }));
        }
        else
        {
            files.Add(new SandboxFile(Input, testCase.Input));
        }
        if (testCase.AnswerFiles.Count > 0)
            files.AddRange(testCase.AnswerFiles.Select(f => f with { Path = Answer + "/" + f.Path, Executable = false }));
        else
            files.Add(new SandboxFile(Answer, testCase.Answer));
        if (task.Outputs.Count == 0 && !CaseLayout.UsesOutput(testCase))
            files.Add(new SandboxFile(Output, run.Stdout));
        else
            files.AddRange(run.Files.Select(f => f with { Path = Output + "/" + OutputRelative(f.Path), Executable = false }));
        return files;
    }

    // Declared outputs keep their work-relative paths; {output}'s files sit at the folder's top.
    private static string OutputRelative(string path) =>
        path.StartsWith("work/", StringComparison.Ordinal) ? path[5..]
        : path.StartsWith(CaseLayout.OutputDirectory + "/", StringComparison.Ordinal) ? path[(CaseLayout.OutputDirectory.Length + 1)..]
        : path;

    private async Task<ISandbox> SandboxForAsync(string image, CancellationToken ct)
    {
        if (_boxes.TryGetValue(image, out var box))
            return box;
        box = await sandboxes.StartAsync(new SandboxSpec
        {
            Image = image,
            MemoryBytes = CheckerLimits.MemoryBytes,
            WorkDirBytes = 1L << 30,
            InputsDirectory = inputs?.HostDirectory,
            Role = "checker",
        }, ct);
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

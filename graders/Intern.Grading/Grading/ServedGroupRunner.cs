using System.Globalization;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Runs a served group: the candidate's program as a server in its own sandbox (no network), judged by the
/// group's trusted checker in a second sandbox that joins only the server's loopback. The journey runs in
/// phases; between two, the server is stopped and started again on the same data folder while the candidate's
/// sandbox (which owns the network namespace) stays. The checker is called once per phase as
/// <c>COMMAND PHASE URL INPUT_DIR STATE_DIR RESULTS_DIR</c>: the case's input files are at INPUT_DIR (its answer
/// at <c>/box/journey/answer</c>), STATE_DIR keeps what it wants to remember between phases, and RESULTS_DIR
/// receives <see cref="JourneyReport.FileName"/> and its screenshots.
/// </summary>
internal sealed class ServedGroupRunner(TaskDefinition task, ISandbox box, ISandboxFactory sandboxes, CaseEvidence evidence)
{
    private const string Root = "journey";
    private const string Input = Root + "/input";
    private const string Answer = Root + "/answer";
    private const string State = Root + "/state";
    private const string Results = Root + "/results";

    // A browser needs far more room than a checker script: many processes and threads, memory, a profile on disk.
    private static readonly RunLimits CheckerLimits = new()
    {
        CpuTime = TimeSpan.FromMinutes(4),
        WallTime = TimeSpan.FromMinutes(4),
        MemoryBytes = 1536L << 20,
        StdoutBytes = 1L << 20,
        FileSizeBytes = 64L << 20,
        OpenFiles = 1024,
        FilesOutBytes = 64L << 20,
    };

    // How long a server whose serving is optional has to say "none" before the checker starts knocking; the only time it may.
    private static readonly TimeSpan DeclineGrace = TimeSpan.FromSeconds(2);

    /// <summary>One test per step; null when serving is optional and the submission's server declined (see <see cref="ServeDefinition.OptionalExit"/>).</summary>
    public async Task<IReadOnlyList<TestResult>?> RunAsync(TestGroupDefinition group, TestCase testCase, Action<int>? phaseStarting, CancellationToken ct)
    {
        var serve = group.Serve!;
        var checker = group.Checker;
        await using var browser = await sandboxes.StartAsync(new SandboxSpec
        {
            Image = checker.Image ?? task.CheckerImage,
            JoinNetworkOf = box.Id,
            MemoryBytes = CheckerLimits.MemoryBytes,
            Pids = 1024,
            Cpus = 2,
            WorkDirBytes = 512L << 20,
            TmpBytes = 512L << 20,
            Role = "checker",
        }, ct);
        await browser.PutFilesAsync([.. TaskFiles.ForTrustedSandbox(task.Directory, "task"), .. CheckerInputs(testCase)], ct);
        var server = new RunRequest
        {
            Command = [.. group.Command ?? task.Run.Command, .. serve.ServerArgs()],
            Limits = group.Limits,
        };
        var url = "http://127.0.0.1:" + serve.Port.ToString(CultureInfo.InvariantCulture) + "/";
        var reported = new List<(StepOutcome, int)>();
        var phases = new List<ServedPhase>();
        for (var phase = 1; phase <= serve.Phases; phase++)
        {
            phaseStarting?.Invoke(phase);
            var first = phase == 1;
            var served = await box.ServeAsync(server with { EmptyDirectories = first ? [ServeDefinition.DataDirectory] : [] }, ct);
            var optional = first ? serve.OptionalExit : null;
            if (optional is not null)
            {
                await Task.WhenAny(served.Completion, Task.Delay(DeclineGrace, ct));
                if (await DeclinedAsync(served, optional.Value))
                    return null;
            }
            RunResult check;
            try
            {
                check = await browser.RunAsync(new RunRequest
                {
                    Command = [.. checker.Command, phase.ToString(CultureInfo.InvariantCulture), url, "/box/" + Input, "/box/" + State, "/box/" + Results],
                    WorkingDirectory = "task",
                    EmptyDirectories = first ? [Results, State] : [Results],
                    ClearTmp = true,
                    FilesOut = [Results],
                    Limits = CheckerLimits,
                }, ct);
            }
            finally
            {
                if (!served.Completion.IsCompleted)
                    await served.StopAsync(ct);
            }
            // Declining counts only before the checker's first request: a server that exits with the code later has seen
            // the hidden requests, and could otherwise drop a group it was about to lose points on. It is judged as it ended.
            var ended = served.EndedByItself;
            phases.Add(new ServedPhase(phase, await served.Completion, ended));
            if (check.Status != SandboxStatus.OK)
                throw new SandboxException($"The task's checker failed in phase {phase} ({check.Status}: {check.Message}): "
                    + System.Text.Encoding.UTF8.GetString(check.Stderr.Span));
            var files = check.Files.ToDictionary(f => f.Path[(Results.Length + 1)..], StringComparer.Ordinal);
            if (!files.TryGetValue(JourneyReport.FileName, out var json))
                throw new SandboxException($"The task's checker wrote no {JourneyReport.FileName} in phase {phase}.");
            var report = JourneyReport.Parse(json.Content.Span, [.. serve.Steps.Select(s => s.Name)]);
            foreach (var step in report.Steps)
            {
                if (reported.Any(r => r.Item1.Name == step.Name))
                    throw new SandboxException($"The task's checker reported the step '{step.Name}' in two phases.");
                reported.Add((step, phase));
                if (step.Screenshot is not { } shot)
                    continue;
                if (!files.TryGetValue(shot, out var image))
                    throw new SandboxException($"The task's checker named the screenshot '{shot}' but did not write it.");
                var testName = $"{group.Name}/{step.Name}";
                evidence.AddArtifact(testName, new Artifact($"{step.Name}: screenshot", MediaType(shot), shot), image with { Path = shot });
            }
        }
        return ServedSteps.Tests(group, string.Join(' ', server.Command), reported, phases);
    }

    private static async Task<bool> DeclinedAsync(IServedProgram served, int code) =>
        served.Completion.IsCompleted && served.EndedByItself && (await served.Completion).ExitCode == code;

    private static IEnumerable<SandboxFile> CheckerInputs(TestCase testCase)
    {
        var inputs = testCase.IsFolder
            ? testCase.InputFiles.Select(f => f with { Path = Input + "/" + f.Path, Executable = false })
            : [new SandboxFile(Input + "/stdin", testCase.Input)];
        var answers = testCase.AnswerFiles.Count > 0
            ? testCase.AnswerFiles.Select(f => f with { Path = Answer + "/" + f.Path, Executable = false })
            : [new SandboxFile(Answer, testCase.Answer)];
        return inputs.Concat(answers);
    }

    private static string MediaType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".txt" or ".log" => "text/plain",
        _ => "application/octet-stream",
    };
}

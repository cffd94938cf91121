using System.Text;
using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;
using Intern.Grading.Tests.Tasks;

namespace Intern.Grading.Tests.Grading;

/// <summary>
/// A served group over scripted sandboxes: the server is started once per phase on the same data folder,
/// the checker joins the candidate's network and is called with its phase, and its steps become tests.
/// </summary>
public sealed class ServedGroupTests : IDisposable
{
    private static readonly SandboxFile[] Submission = [new("run", "#!/bin/sh\n"u8.ToArray(), true)];
    private readonly TempPackage _package = new();

    public ServedGroupTests() => _package.Write("task.yaml", """
        slug: web
        title: Web
        track: fixture
        version: 1
        languages: [python]
        image: intern/web
        run: {command: [./run]}
        groups:
          - name: journey
            visibility: visible
            weight: 30
            tests: tests/journey
            checker: {type: program, command: [node, journey.js], image: intern/browser}
            serve:
              args: [serve, "{port}", "{data}"]
              phases: 2
              steps: [{name: upload, weight: 1}, {name: edit, weight: 1}, {name: restart, weight: 1}]
        """).Write("tests/journey/1.in", "").Write("tests/journey/1.ans", "");

    public void Dispose() => _package.Dispose();

    private static string Steps(params (string Name, double Score)[] steps) =>
        "{\"steps\": [" + string.Join(',', steps.Select(s => $"{{\"name\": \"{s.Name}\", \"score\": {s.Score}, \"message\": \"{s.Name} said so\", \"screenshot\": \"{s.Name}.png\"}}")) + "]}";

    private Task<GradingResult> GradeAsync(ScriptedSandboxes sandboxes) =>
        new Grader(sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(TaskLoader.Load(_package.Directory), Submission, null, CancellationToken.None);

    [Fact]
    public async Task TheServerIsStartedAgainOnTheSameDataForEachPhaseAndEachStepIsATest()
    {
        var sandboxes = new ScriptedSandboxes(phase => phase == 1 ? Steps(("upload", 1), ("edit", 0.5)) : Steps(("restart", 1)));

        var result = await GradeAsync(sandboxes);

        Assert.Null(result.Error);
        Assert.Equal(["journey/upload", "journey/edit", "journey/restart"], result.Tests.Select(t => t.Name));
        Assert.Equal([10, 5, 10], result.Tests.Select(t => t.Score));
        Assert.Equal([TestVerdict.AC, TestVerdict.PA, TestVerdict.AC], result.Tests.Select(t => t.Verdict));
        Assert.Equal(25, result.Score);
        // Both starts run the same command; only the first gets an empty data folder.
        Assert.All(sandboxes.Served, r => Assert.Equal(["./run", "serve", "8000", "/box/data"], r.Command));
        Assert.Equal([["data"], []], sandboxes.Served.Select(r => r.EmptyDirectories.ToArray()));
        Assert.Equal(2, sandboxes.Stops);
        var checker = Assert.Single(sandboxes.Specs, s => s.Role == "checker");
        Assert.Equal("candidate-box", checker.JoinNetworkOf);
        Assert.Equal("intern/browser", checker.Image);
        Assert.Equal(["1", "2"], sandboxes.CheckerCommands.Select(c => c[2]));
        Assert.Equal("http://127.0.0.1:8000/", sandboxes.CheckerCommands[0][3]);
        Assert.Contains("(started again on the same data folder: phase 2)", result.Tests[2].Output, StringComparison.Ordinal);
        Assert.Equal(["journey/upload/upload.png", "journey/edit/edit.png", "journey/restart/restart.png"], result.Artifacts.Select(a => a.Path));
        Assert.All(result.Artifacts, a => Assert.Equal("image/png", a.MediaType));
        Assert.Equal(result.Artifacts.Select(a => a.Path), result.ArtifactFiles.Select(f => f.Path));
    }

    [Fact]
    public async Task AStepMissedWhileTheServerWasDownCarriesTheServersVerdictAndItsStderr()
    {
        var crash = new RunResult { Status = SandboxStatus.RE, ExitCode = 1, Message = "exit code 1", Stderr = Encoding.UTF8.GetBytes("TypeError: webm") };
        var sandboxes = new ScriptedSandboxes(phase => phase == 1 ? Steps(("upload", 1), ("edit", 0)) : Steps(("restart", 0)),
            crashIn: phase => phase == 1 ? crash : null);

        var result = await GradeAsync(sandboxes);

        Assert.Equal([TestVerdict.AC, TestVerdict.RE, TestVerdict.WA], result.Tests.Select(t => t.Verdict));
        Assert.Contains("The server ended during phase 1", result.Tests[1].Output, StringComparison.Ordinal);
        Assert.Contains("TypeError: webm", result.Tests[1].Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TypeError", result.Tests[0].Output, StringComparison.Ordinal);
        // A server that ended by itself is not stopped again.
        Assert.Equal(1, sandboxes.Stops);
    }

    [Fact]
    public async Task AStepNoPhaseReportedEarnsNothing()
    {
        var sandboxes = new ScriptedSandboxes(phase => phase == 1 ? Steps(("upload", 1)) : Steps(("restart", 1)));

        var result = await GradeAsync(sandboxes);

        var edit = result.Tests[1];
        Assert.Equal((TestVerdict.WA, 0.0, 10.0), (edit.Verdict, edit.Score, edit.MaxScore));
        Assert.Contains("did not reach this step", edit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGroupTheSubmissionDeclinesLeavesTheProgressCountingOnlyWhatIsLeft()
    {
        var task = File.ReadAllText(Path.Combine(_package.Directory, "task.yaml")).Replace("phases: 2", "phases: 2\n      optional_exit: 3", StringComparison.Ordinal);
        _package.Write("task.yaml", task);
        var declined = new RunResult { Status = SandboxStatus.RE, ExitCode = 3, Message = "exit code 3" };
        var sandboxes = new ScriptedSandboxes(phase => Steps(("upload", 1)), crashIn: phase => phase == 1 ? declined : null);
        var seen = new List<GradingProgress>();

        var result = await new Grader(sandboxes, new GradingSettings(), TimeProvider.System)
            .GradeAsync(TaskLoader.Load(_package.Directory), Submission, new Recorder(seen), CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Empty(result.Tests);
        // The three steps were counted when the grading started; once the server declines they are not waited for.
        Assert.Contains(seen, p => p is { Phase: GradingPhase.Testing, Total: 3 });
        var last = seen.Last(p => p.Phase == GradingPhase.Testing);
        Assert.Equal((0, 0), (last.Done, last.Total));
        Assert.Contains("not offered", last.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"steps\": [{\"name\": \"upload\", \"score\": 1}, {\"name\": \"upload\", \"score\": 1}]}", "twice")]
    [InlineData("{\"steps\": [{\"name\": \"login\", \"score\": 1}]}", "does not declare")]
    [InlineData("{\"steps\": [{\"name\": \"upload\", \"score\": 2}]}", "no score in 0..1")]
    [InlineData("{\"steps\": [{\"name\": \"upload\", \"score\": 1, \"screenshot\": \"../x.png\"}]}", "outside its results folder")]
    [InlineData("{\"steps\": [{\"name\": \"upload\", \"score\": 1, \"screenshot\": \"never.png\"}]}", "did not write it")]
    [InlineData("[1, 2]", "not {\"steps\"")]
    public async Task AMalformedCheckerReportIsAPlatformErrorNotAVerdict(string phase1, string message)
    {
        var sandboxes = new ScriptedSandboxes(phase => phase == 1 ? phase1 : Steps(("restart", 1)));

        var result = await GradeAsync(sandboxes);

        Assert.NotNull(result.Error);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Tests);
    }

    /// <summary>Keeps every report in order, on the reporting thread.</summary>
    private sealed class Recorder(List<GradingProgress> seen) : IProgress<GradingProgress>
    {
        public void Report(GradingProgress value) => seen.Add(value);
    }

    /// <summary>The candidate's box serves (and may crash per phase); the checker's box answers with the scripted report of each phase.</summary>
    private sealed class ScriptedSandboxes(Func<int, string> report, Func<int, RunResult?>? crashIn = null) : ISandboxFactory
    {
        public List<SandboxSpec> Specs { get; } = [];
        public List<RunRequest> Served { get; } = [];
        public List<string[]> CheckerCommands { get; } = [];
        public int Stops { get; set; }
        public Func<int, string> Report { get; } = report;
        public Func<int, RunResult?> CrashIn { get; } = crashIn ?? (_ => null);

        public Task<ISandbox> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
        {
            Specs.Add(spec);
            return Task.FromResult<ISandbox>(new Box(spec.Role, this));
        }

        private sealed class Box(string role, ScriptedSandboxes owner) : ScriptedSandbox(role + "-box")
        {

            public override Task<IServedProgram> ServeAsync(RunRequest request, CancellationToken cancellationToken)
            {
                owner.Served.Add(request);
                return Task.FromResult<IServedProgram>(new Program(owner, owner.CrashIn(owner.Served.Count)));
            }

            public override Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken)
            {
                owner.CheckerCommands.Add([.. request.Command]);
                var phase = int.Parse(request.Command[2], System.Globalization.CultureInfo.InvariantCulture);
                var json = owner.Report(phase);
                var shots = System.Text.RegularExpressions.Regex.Matches(json, "\"screenshot\": \"([a-z]+)\\.png\"")
                    .Where(m => m.Groups[1].Value != "never")
                    .Select(m => new SandboxFile($"journey/results/{m.Groups[1].Value}.png", "png"u8.ToArray()));
                return Task.FromResult(new RunResult
                {
                    Status = SandboxStatus.OK,
                    Files = [new SandboxFile("journey/results/results.json", Encoding.UTF8.GetBytes(json)), .. shots],
                });
            }
        }

        private sealed class Program(ScriptedSandboxes owner, RunResult? crashed) : IServedProgram
        {
            private readonly TaskCompletionSource<RunResult> _done = Started(crashed);

            public Task<RunResult> Completion => _done.Task;

            public bool EndedByItself => crashed is not null;

            public Task<RunResult> StopAsync(CancellationToken cancellationToken)
            {
                owner.Stops++;
                _done.TrySetResult(new RunResult { Status = SandboxStatus.OK, Message = "stopped by the grader" });
                return _done.Task;
            }

            private static TaskCompletionSource<RunResult> Started(RunResult? crashed)
            {
                var source = new TaskCompletionSource<RunResult>();
                if (crashed is not null)
                    source.SetResult(crashed);
                return source;
            }
        }
    }
}

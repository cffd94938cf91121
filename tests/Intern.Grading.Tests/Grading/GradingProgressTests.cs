using System.Text;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;
using Intern.Grading.Tests.Tasks;

namespace Intern.Grading.Tests.Grading;

/// <summary>
/// The phases a grading reports, in order, over a scripted sandbox: the live status in the browser
/// and the progress bar of the CLI are built from exactly these reports.
/// </summary>
public sealed class GradingProgressTests : IDisposable
{
    private readonly TempPackage _package = new();

    public void Dispose() => _package.Dispose();

    private TaskDefinition Package(string checker)
    {
        _package.Write("task.yaml", $"""
            slug: sum
            title: Sum
            track: fixture
            version: 1
            languages: [python]
            image: intern/python
            build: {"{"}command: [./build]{"}"}
            run: {"{"}command: [./run]{"}"}
            checker: {checker}
            groups:
              - name: public
                visibility: visible
                weight: 1
                tests: tests/public
            """)
            .Write("tests/public/1.in", "1 2\n").Write("tests/public/1.ans", "3\n")
            .Write("tests/public/2.in", "2 2\n").Write("tests/public/2.ans", "4\n")
            .Write("checker/check.py", "print('{\"score\": 1}')\n");
        return TaskLoader.Load(_package.Directory);
    }

    private static async Task<List<GradingProgress>> GradeAsync(TaskDefinition task)
    {
        var reports = new Recorder();
        var result = await new Grader(new ScriptedSandboxes(), new GradingSettings(), TimeProvider.System)
            .GradeAsync(task, [new SandboxFile("build", "#!/bin/sh\n"u8.ToArray(), true), new SandboxFile("run", "#!/bin/sh\n"u8.ToArray(), true)],
                reports, CancellationToken.None);
        Assert.Null(result.Error);
        return reports.Seen;
    }

    [Fact]
    public async Task A_checker_program_is_reported_as_checking_after_each_case_runs()
    {
        var seen = await GradeAsync(Package("{type: program, command: [python3, checker/check.py]}"));

        Assert.Equal(
            [
                (GradingPhase.Preparing, 0, 0), (GradingPhase.Building, 0, 2),
                (GradingPhase.Testing, 0, 2), (GradingPhase.Checking, 0, 2), (GradingPhase.Testing, 1, 2),
                (GradingPhase.Testing, 1, 2), (GradingPhase.Checking, 1, 2), (GradingPhase.Testing, 2, 2),
                (GradingPhase.Finished, 2, 2),
            ],
            seen.Select(p => (p.Phase, p.Done, p.Total)));
        Assert.Equal(["public/1", "public/2"], seen.Where(p => p.Phase == GradingPhase.Checking).Select(p => p.Detail));
    }

    [Fact]
    public async Task A_built_in_checker_judges_in_process_and_reports_no_checking()
    {
        var seen = await GradeAsync(Package("tokens"));

        Assert.DoesNotContain(seen, p => p.Phase == GradingPhase.Checking);
        Assert.Equal(2, seen.Count(p => p.Finished is not null));
    }

    /// <summary>Keeps every report in order, on the reporting thread (Progress&lt;T&gt; would post them elsewhere).</summary>
    private sealed class Recorder : IProgress<GradingProgress>
    {
        public List<GradingProgress> Seen { get; } = [];

        public void Report(GradingProgress value) => Seen.Add(value);
    }

    /// <summary>Every candidate run prints the sum of its input; every checker run says "right".</summary>
    private sealed class ScriptedSandboxes : ISandboxFactory
    {
        public Task<ISandbox> StartAsync(SandboxSpec spec, CancellationToken cancellationToken) => Task.FromResult<ISandbox>(new Box(spec.Role));

        private sealed class Box(string role) : ScriptedSandbox(role)
        {
            private readonly Dictionary<string, ReadOnlyMemory<byte>> _files = new(StringComparer.Ordinal);

            public override Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken)
            {
                foreach (var file in request.FilesIn)
                    _files[file.Path] = file.Content;
                var stdout = Id == "checker" ? "{\"score\": 1}"
                    : request.StdinPath is { } stdin && _files.TryGetValue(stdin, out var input)
                        ? Encoding.UTF8.GetString(input.Span).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Sum(int.Parse) + "\n"
                        : "";
                return Task.FromResult(new RunResult { Status = SandboxStatus.OK, Stdout = Encoding.UTF8.GetBytes(stdout) });
            }
        }
    }
}

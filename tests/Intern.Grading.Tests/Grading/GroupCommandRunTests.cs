using System.Text;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;
using Intern.Grading.Tests.Tasks;

namespace Intern.Grading.Tests.Grading;

/// <summary>
/// A group with its own command runs that command (with the case's arguments) in the candidate's sandbox,
/// and the declared outputs it leaves reach the checker; other groups keep running run.command.
/// </summary>
public sealed class GroupCommandRunTests : IDisposable
{
    private readonly TempPackage _package = new();

    public void Dispose() => _package.Dispose();

    [Fact]
    public async Task AGroupCommandReplacesRunCommandOnlyForItsOwnCases()
    {
        _package.Write("task.yaml", """
            slug: models
            title: Models
            track: fixture
            version: 1
            languages: [python]
            image: intern/python
            run: {command: [./run]}
            outputs: [models]
            isolate_cases: true
            checker: {type: program, command: [python3, checker/check.py]}
            groups:
              - {name: models, visibility: visible, weight: 1, tests: tests/models, command: [ls, -l, models]}
              - {name: program, visibility: visible, weight: 1, tests: tests/program}
            """)
            .Write("tests/models/1.in", "").Write("tests/models/1.ans", "")
            .Write("tests/program/1.in", "").Write("tests/program/1.ans", "").Write("tests/program/1.args", "train\n")
            .Write("checker/check.py", "");
        var sandboxes = new RecordingSandboxes();
        var submission = new[]
        {
            new SandboxFile("run", "#!/bin/sh\n"u8.ToArray(), true),
            new SandboxFile("models/net.pt", "weights"u8.ToArray()),
        };

        var result = await new Grader(sandboxes, new GradingSettings(), TimeProvider.System)
            .GradeAsync(TaskLoader.Load(_package.Directory), submission, null, CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal([["ls", "-l", "models"], ["./run", "train"]], sandboxes.CandidateCommands);
        Assert.StartsWith("$ ls -l models", result.Tests[0].Output, StringComparison.Ordinal);
        Assert.Contains("check/output/models/net.pt", sandboxes.CheckerInputs);
    }

    /// <summary>Candidate runs "write" the submitted models back out; checker runs say "right" and keep their input paths.</summary>
    private sealed class RecordingSandboxes : ISandboxFactory
    {
        public List<string[]> CandidateCommands { get; } = [];
        public List<string> CheckerInputs { get; } = [];

        public Task<ISandbox> StartAsync(SandboxSpec spec, CancellationToken cancellationToken) => Task.FromResult<ISandbox>(new Box(spec.Role, this));

        private sealed class Box(string role, RecordingSandboxes owner) : ScriptedSandbox(role)
        {
            public override Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken)
            {
                if (Id == "checker")
                {
                    owner.CheckerInputs.AddRange(request.FilesIn.Select(f => f.Path));
                    return Task.FromResult(new RunResult { Status = SandboxStatus.OK, Stdout = Encoding.UTF8.GetBytes("{\"score\": 1}") });
                }
                owner.CandidateCommands.Add([.. request.Command]);
                var models = request.FilesIn.Where(f => f.Path.StartsWith("work/models/", StringComparison.Ordinal)).ToList();
                return Task.FromResult(new RunResult { Status = SandboxStatus.OK, Files = models });
            }
        }
    }
}

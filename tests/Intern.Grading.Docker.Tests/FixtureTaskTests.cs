using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Docker.Tests;

/// <summary>The grading pipeline end to end on the fixture task, with the real engine.</summary>
[Collection(DockerTests.Name)]
public sealed class FixtureTaskTests(DockerEngine docker)
{
    private static readonly TaskDefinition Task = TaskLoader.Load(DockerEngine.FixtureTask);

    private Task<GradingResult> GradeAsync(params SandboxFile[] files) =>
        new Grader(docker.Sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(Task, files, null, CancellationToken.None);

    private static SandboxFile Run(string body) => SandboxFile.Text("run", "#!/bin/sh\n" + body + "\n", executable: true);

    [Fact]
    public async Task CorrectSolutionPassesPublicAndHiddenCases()
    {
        var result = await GradeAsync(Run("exec python3 -c 'import sys; print(sum(map(int, sys.stdin.read().split())))'"));
        Assert.Null(result.Error);
        Assert.Equal(100, result.Score);
        Assert.Equal(100, result.MaxScore);
        Assert.Equal(10, result.Tests.Count);
        Assert.All(result.Tests, t => Assert.Equal(TestVerdict.AC, t.Verdict));
        Assert.Equal(["public", "public"], result.Tests.Take(2).Select(t => t.Group));
        Assert.NotNull(result.Phases.Finished);
    }

    [Fact]
    public async Task HiddenCasesComeFromTheDeploymentSecret()
    {
        var echo = Run("exec cat");
        var grader = (string secret) => new Grader(docker.Sandboxes, new GradingSettings { DeploymentSecret = secret }, TimeProvider.System)
            .GradeAsync(Task, [echo], null, CancellationToken.None);
        var first = await grader("one");
        var second = await grader("two");
        var inputs = (GradingResult r) => r.Tests.Where(t => t.Group == "hidden").Select(t => t.Output).ToList();
        Assert.NotEqual(inputs(first), inputs(second));
    }

    [Fact]
    public async Task FailedBuildMarksEveryCaseAsCompileError()
    {
        var result = await GradeAsync(Run("exec cat"), SandboxFile.Text("build", "#!/bin/sh\necho 'syntax error on line 3' >&2\nexit 1\n", executable: true));
        Assert.All(result.Tests, t => Assert.Equal(TestVerdict.CE, t.Verdict));
        Assert.Equal(0, result.Score);
        Assert.Contains("syntax error on line 3", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRunIsNotGradableAndStartsNoSandbox()
    {
        var result = await GradeAsync(SandboxFile.Text("src/run", "#!/bin/sh\n"));
        Assert.False(result.Gradable);
        Assert.Contains(result.FormatErrors, e => e.Contains("'run' must be at the root", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CandidateCannotFindExpectedAnswersGeneratorsOrOtherCasesInputs()
    {
        var spy = """
            import os, sys
            data = sys.stdin.read()
            leaks = []
            for root in ['/box', '/tmp', '/etc', '/opt', '/srv', '/home', '/root', '/var', '/usr/local']:
                for dirpath, dirs, files in os.walk(root):
                    for name in files:
                        if name.endswith(('.ans', '.in')) or name in ('gen.py', 'task.yaml', 'expect.yaml'):
                            leaks.append(os.path.join(dirpath, name))
            print(sum(map(int, data.split())))
            if leaks:
                print('LEAK', leaks)
            """;
        var result = await GradeAsync(Run("exec python3 spy.py"), SandboxFile.Text("spy.py", spy));
        Assert.All(result.Tests, t => Assert.Equal(TestVerdict.AC, t.Verdict));
    }
}

using System.Text;
using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Docker.Tests;

/// <summary>The served fixture (tests/fixtures/served) through the whole grader on the real engine: server, restart, checker, artifacts.</summary>
[Collection(DockerTests.Name)]
public sealed class ServedFixtureTests(DockerEngine docker)
{
    private static readonly string Fixture = Path.Combine(DockerEngine.RepositoryRoot, "tests", "fixtures", "served");

    private Task<GradingResult> GradeAsync(string solution)
    {
        var folder = Path.Combine(Fixture, "solutions", solution);
        var files = Directory.GetFiles(folder).Where(f => !f.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(f => new SandboxFile(Path.GetFileName(f), File.ReadAllBytes(f), Path.GetFileName(f) == "run")).ToArray();
        return new Grader(docker.Sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(TaskLoader.Load(Fixture), files, null, CancellationToken.None);
    }

    [Fact]
    public async Task AServerThatKeepsItsDataPassesEveryStepAndEachStepLeavesAnArtifact()
    {
        var result = await GradeAsync("persists");

        Assert.Null(result.Error);
        Assert.Equal((30.0, 30.0), (result.Score, result.MaxScore));
        Assert.Equal(["notes/store", "notes/read", "notes/restart"], result.Tests.Select(t => t.Name));
        Assert.Equal(["notes/store/store.txt", "notes/read/read.txt", "notes/restart/restart.txt"], result.Artifacts.Select(a => a.Path));
        Assert.All(result.Artifacts, a => Assert.Equal("text/plain", a.MediaType));
        Assert.All(result.ArtifactFiles, f => Assert.Equal("ok", Encoding.UTF8.GetString(f.Content.Span)));
        Assert.StartsWith("$ ./run serve 8123 /box/data", result.Tests[0].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatForgetsFailsOnlyTheStepAfterTheRestart()
    {
        var result = await GradeAsync("forgets");

        Assert.Equal([TestVerdict.AC, TestVerdict.AC, TestVerdict.WA], result.Tests.Select(t => t.Verdict));
    }

    [Fact]
    public async Task AServerThatDiesFailsTheRestOfItsPhaseWithItsVerdictAndStderrAndIsStartedAgain()
    {
        var result = await GradeAsync("crashes");

        Assert.Equal([TestVerdict.AC, TestVerdict.RE, TestVerdict.AC], result.Tests.Select(t => t.Verdict));
        Assert.Contains("RE: exit code 4", result.Tests[1].Output, StringComparison.Ordinal);
        Assert.Contains("giving up after one note", result.Tests[1].Output, StringComparison.Ordinal);
    }

    private Task<GradingResult> GradeScriptAsync(string run, int? optionalExit)
    {
        var task = TaskLoader.Load(Fixture);
        var notes = task.Groups[0];
        task = task with { Groups = [notes with { Serve = notes.Serve! with { OptionalExit = optionalExit } }] };
        SandboxFile[] files = [SandboxFile.Text("run", "#!/bin/sh\n" + run + "\n", executable: true)];
        return new Grader(docker.Sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(task, files, null, CancellationToken.None);
    }

    [Theory]
    [InlineData("exit 64")]
    [InlineData("sleep 0.5; exit 64")]
    public async Task AServerThatDeclinesAnOptionalGroupLeavesItOutOfTheResult(string run)
    {
        var result = await GradeScriptAsync(run, optionalExit: 64);

        Assert.Null(result.Error);
        Assert.Empty(result.Tests);
        Assert.Equal((0.0, 0.0), (result.Score, result.MaxScore));
        Assert.Contains("notes: not offered (the server exited with 64 at its start), so its 30 points are not counted.", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exit 64", null)]
    [InlineData("exit 3", 64)]
    // Once the checker has knocked, the code no longer declines: the server saw the hidden requests.
    [InlineData("sleep 4; exit 64", 64)]
    public async Task AnyOtherEndOfTheServerIsJudgedAsUsual(string run, int? optionalExit)
    {
        var result = await GradeScriptAsync(run, optionalExit);

        Assert.Equal(30.0, result.MaxScore);
        Assert.Equal([TestVerdict.RE, TestVerdict.RE, TestVerdict.RE], result.Tests.Select(t => t.Verdict));
    }
}

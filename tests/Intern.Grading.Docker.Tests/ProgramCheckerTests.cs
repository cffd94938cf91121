using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;
using Intern.Grading.Tasks;

namespace Intern.Grading.Docker.Tests;

/// <summary>
/// The wordfreq fixture end to end: a checker program in its own container, an output file instead of
/// stdout, test arguments, partial scores and a hidden group. A broken checker is the platform's failure.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class ProgramCheckerTests(DockerEngine docker)
{
    private const string Isolated = "checker isolated: no candidate code in sight";

    private static string TaskDirectory => Path.Combine(DockerEngine.RepositoryRoot, "tests", "fixtures", "wordfreq");

    private static readonly TaskDefinition Task = TaskLoader.Load(TaskDirectory);

    private Task<GradingResult> GradeAsync(TaskDefinition task, IReadOnlyList<SandboxFile> files) =>
        new Grader(docker.Sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(task, files, null, CancellationToken.None);

    private async Task<GradingResult> GradeSolutionAsync(string label, TaskDefinition? task = null)
    {
        var files = await SubmissionArchive.ReadAsync(Path.Combine(TaskDirectory, "solutions", label), new ArchiveLimits(), CancellationToken.None);
        return await GradeAsync(task ?? Task, [.. files.Where(f => f.Path != SolutionCatalog.ExpectFileName)]);
    }

    [Fact]
    public async Task AcceptedSolutionGetsFullMarksFromTheIsolatedChecker()
    {
        var result = await GradeSolutionAsync("accepted");
        Assert.Null(result.Error);
        Assert.Equal(100, result.Score);
        Assert.Equal(8, result.Tests.Count);
        Assert.All(result.Tests, t => Assert.Equal(TestVerdict.AC, t.Verdict));
        Assert.All(result.Tests, t => Assert.Contains(Isolated, t.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HiddenGroupRunsAfterThePublicOneAndIsMarkedHidden()
    {
        var result = await GradeSolutionAsync("accepted");
        Assert.Equal(["visible", "visible", "visible", "visible", "hidden", "hidden", "hidden", "hidden"], result.Tests.Select(t => t.Visibility));
        Assert.All(result.Tests.Where(t => t.Group == "hidden"), t => Assert.Equal(15, t.MaxScore));
    }

    [Fact]
    public async Task EachLineOfAnArgsFileIsOneArgument()
    {
        var result = await GradeSolutionAsync("accepted");
        var second = result.Tests.Single(t => t.Name == "public/02");
        Assert.StartsWith("$ ./run 3 3 < 02.in", second.Output, StringComparison.Ordinal);
        Assert.All(result.Tests.Where(t => t.Group == "hidden"), t => Assert.Matches(@"^\$ \./run [2-8]( [134])? < h0\d\.in", t.Output));
    }

    [Fact]
    public async Task SolutionMissingRowsEarnsTheFractionOfRightRows()
    {
        var result = await GradeSolutionAsync("partial");
        Assert.Null(result.Error);
        Assert.InRange(result.Score, 1, 99);
        var first = result.Tests.Single(t => t.Name == "public/01");
        Assert.Equal(TestVerdict.PA, first.Verdict);
        Assert.Equal(5, first.Score);
        Assert.Contains("1 of 2 rows right", first.Output, StringComparison.Ordinal);
        Assert.Equal(TestVerdict.AC, result.Tests.Single(t => t.Name == "public/03").Verdict);
        Assert.All(result.Tests.Where(t => t.Group == "hidden"), t => Assert.Equal(TestVerdict.PA, t.Verdict));
    }

    [Fact]
    public async Task OutputOnStdoutInsteadOfTheFileIsWrongAnswer()
    {
        var result = await GradeSolutionAsync("no-output-file");
        Assert.Equal(0, result.Score);
        Assert.All(result.Tests, t => Assert.Equal(TestVerdict.WA, t.Verdict));
        Assert.Contains("out/freq.csv was not written", result.Tests[0].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutputFileThatIsASymlinkIsAForbiddenAction()
    {
        var result = await GradeSolutionAsync("symlink-output");
        Assert.Null(result.Error);
        Assert.Equal(0, result.Score);
        Assert.All(result.Tests, t => Assert.Equal(TestVerdict.SV, t.Verdict));
        Assert.DoesNotContain(result.Tests, t => t.Output.Contains("root:x:0:0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubmissionWithoutRunIsNotGradable()
    {
        var result = await GradeSolutionAsync("missing-run");
        Assert.False(result.Gradable);
        Assert.Empty(result.Tests);
    }

    [Fact]
    public async Task OnlyDeclaredOutputsReachTheChecker()
    {
        // The run copies its own code next to the declared output; the checker lists what it received.
        var result = await GradeAsync(Task, await CopyingItselfIntoOutAsync());
        Assert.Null(result.Error);
        Assert.Equal(100, result.Score);
        Assert.All(result.Tests, t => Assert.Contains("received: out/freq.csv)", t.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CandidateOutputsNamedLikeCodeDoNotTripTheCheckersIsolationProbe()
    {
        var result = await GradeAsync(Task with { Outputs = ["out"] }, await CopyingItselfIntoOutAsync());
        Assert.Null(result.Error);
        Assert.All(result.Tests, t => Assert.Contains("received: out/freq.csv, out/run, out/wordfreq.py)", t.Output, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<SandboxFile>> CopyingItselfIntoOutAsync()
    {
        var accepted = await SubmissionArchive.ReadAsync(Path.Combine(TaskDirectory, "solutions", "accepted"), new ArchiveLimits(), CancellationToken.None);
        var run = SandboxFile.Text("run", "#!/bin/sh\npython3 wordfreq.py \"$@\" && cp run wordfreq.py out/\n", executable: true);
        return [.. accepted.Where(f => f.Path == "wordfreq.py"), run];
    }

    [Theory]
    [InlineData("raise SystemExit('checker bug')")]
    [InlineData("print('all good')")]
    [InlineData("print('{\"message\": \"no score\"}')")]
    [InlineData("print('{\"score\": 1.5}')")]
    [InlineData("print('{\"score\": 1}'); raise SystemExit(1)")]
    [InlineData("import os; os.kill(os.getpid(), 9)")]
    public async Task BrokenCheckerIsAPlatformErrorNeverAVerdict(string checker)
    {
        var copy = CopyTask();
        try
        {
            await File.WriteAllTextAsync(Path.Combine(copy.FullName, "checker", "check.py"), checker + "\n");
            var result = await GradeSolutionAsync("accepted", TaskLoader.Load(copy.FullName));
            Assert.NotNull(result.Error);
            Assert.Contains("checker", result.Error, StringComparison.Ordinal);
            Assert.True(result.Gradable);
            Assert.Empty(result.Tests);
            Assert.Equal(0, result.Score);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static DirectoryInfo CopyTask()
    {
        var copy = Directory.CreateTempSubdirectory("intern-wordfreq-");
        foreach (var file in Directory.EnumerateFiles(TaskDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.FullName, Path.GetRelativePath(TaskDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }
}

using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;
using Intern.Grading.Tasks;

namespace Intern.Grading.Docker.Tests;

/// <summary>Folder cases, checker metrics and artifacts, timing against the reference, and prechecks, on the concat fixture.</summary>
[Collection(DockerTests.Name)]
public sealed class FolderCaseTests(DockerEngine docker)
{
    private static readonly string TaskDirectory = Path.Combine(DockerEngine.RepositoryRoot, "tests", "fixtures", "concat");
    private static readonly TaskDefinition Task = TaskLoader.Load(TaskDirectory);

    private async Task<GradingResult> GradeSolutionAsync(string label, Func<SandboxFile, SandboxFile>? change = null)
    {
        var files = (await SubmissionArchive.ReadAsync(Path.Combine(TaskDirectory, "solutions", label), new ArchiveLimits(), CancellationToken.None))
            .Where(f => f.Path != SolutionCatalog.ExpectFileName).Select(change ?? (f => f)).ToList();
        return await new Grader(docker.Sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(Task, files, null, CancellationToken.None);
    }

    [Fact]
    public async Task FolderCasesGetTheirInputFilesAndOutputFolder()
    {
        var result = await GradeSolutionAsync("reference");
        Assert.Null(result.Error);
        Assert.Equal(100, result.Score);
        Assert.Contains("$ ./run concat /box/tests/input /box/out", result.Tests[0].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckerMetricsLeaderboardAndArtifactsReachTheResult()
    {
        var result = await GradeSolutionAsync("reference");
        Assert.True(result.Metrics.ContainsKey("bytes_joined"));
        Assert.Equal("files", Assert.Single(result.Leaderboard).Name);
        Assert.Equal(3, result.Artifacts.Count);
        var summary = Assert.Single(result.ArtifactFiles, f => f.Path == "public/02/summary.txt");
        Assert.StartsWith("files 3,", System.Text.Encoding.UTF8.GetString(summary.Content.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimingGroupComparesWithTheReferenceMeasuredInTheSameGrading()
    {
        var result = await GradeSolutionAsync("reference");
        var speed = Assert.Single(result.Tests, t => t.Group == "speed");
        Assert.Contains("reference", speed.Output, StringComparison.Ordinal);
        Assert.True(result.Metrics.ContainsKey("speed/big01.time_ratio"));
    }

    [Fact]
    public async Task SlowSolutionHitsTheLimitDerivedFromTheReference()
    {
        var result = await GradeSolutionAsync("slow");
        var speed = Assert.Single(result.Tests, t => t.Group == "speed");
        Assert.Equal(TestVerdict.TLE, speed.Verdict);
        Assert.Equal(60, result.Score);
    }

    [Fact]
    public async Task PrecheckFindingMarksEveryTestAsSecurityViolationWithFileAndLine()
    {
        var result = await GradeSolutionAsync("forbidden");
        Assert.All(result.Tests, t => Assert.Equal(TestVerdict.SV, t.Verdict));
        Assert.Contains("concat.py:2: uses subprocess", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, result.Score);
    }

    [Theory]
    [InlineData(true, 60)]
    [InlineData(false, 30)]
    public async Task IsolatedCasesStartFromTheSubmissionAsUploaded(bool isolate, double expected)
    {
        // The program sabotages its own code (and leaves a note in /tmp) after its first case.
        var sabotage = """
            #!/bin/sh
            if [ -e /tmp/ran-before ]; then exit 1; fi
            python3 concat.py "$@"
            touch /tmp/ran-before
            echo 'raise SystemExit(1)' >> concat.py
            """;
        var files = (await SubmissionArchive.ReadAsync(Path.Combine(TaskDirectory, "solutions", "reference"), new ArchiveLimits(), CancellationToken.None))
            .Where(f => f.Path != SolutionCatalog.ExpectFileName)
            .Select(f => f.Path == "run" ? SandboxFile.Text("run", sabotage, executable: true) : f)
            .ToList();
        var task = Task with { IsolateCases = isolate, Groups = [Task.Groups[0]] };
        var result = await new Grader(docker.Sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(task, files, null, CancellationToken.None);
        Assert.Equal(expected, result.Score);
    }

    [Fact]
    public async Task OneSlowMomentInATimingGroupIsMeasuredAgainBeforePointsAreLost()
    {
        // The first run is slowed down once (as a busy machine might); the re-measurement is fast.
        var hiccup = "#!/bin/sh\nif [ ! -e /tmp/hiccup ]; then touch /tmp/hiccup; sleep 0.5; fi\nexec python3 concat.py \"$@\"\n";
        var files = (await SubmissionArchive.ReadAsync(Path.Combine(TaskDirectory, "solutions", "reference"), new ArchiveLimits(), CancellationToken.None))
            .Where(f => f.Path != SolutionCatalog.ExpectFileName)
            .Select(f => f.Path == "run" ? SandboxFile.Text("run", hiccup, executable: true) : f)
            .ToList();
        var result = await new Grader(docker.Sandboxes, new GradingSettings(), TimeProvider.System).GradeAsync(Task with { Groups = [Task.Groups[1]] }, files, null, CancellationToken.None);
        var speed = Assert.Single(result.Tests);
        Assert.Equal(TestVerdict.AC, speed.Verdict);
        Assert.True(speed.Score == speed.MaxScore, speed.Output);
    }
}

using Intern.Grading.Docker.Sandbox;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Docker.Tests;

/// <summary>
/// The real Docker engine and runtime image, shared by every test in the collection. Missing
/// infrastructure fails loudly: run the suite through `./intern test`, which starts Docker and builds images.
/// </summary>
public sealed class DockerEngine : IAsyncLifetime
{
    public const string PythonImage = "intern/python";

    public DockerSandboxFactory Sandboxes { get; } = new();

    public static string RepositoryRoot { get; } = FindRoot();

    public static string FixtureTask => Path.Combine(RepositoryRoot, "tests", "fixtures", "sum");

    public async Task InitializeAsync()
    {
        try
        {
            await using var probe = await Sandboxes.StartAsync(new SandboxSpec { Image = PythonImage, Role = "probe" }, CancellationToken.None);
        }
        catch (SandboxException e)
        {
            throw new InvalidOperationException(
                "These tests need a running Docker engine and the intern/python image: run `./intern test` (or `./intern images` first). " + e.Message, e);
        }
    }

    public Task DisposeAsync()
    {
        Sandboxes.Dispose();
        return Task.CompletedTask;
    }

    public Task<ISandbox> StartAsync(SandboxSpec? spec = null) =>
        Sandboxes.StartAsync(spec ?? new SandboxSpec { Image = PythonImage, MemoryBytes = 128L << 20, WorkDirBytes = 32L << 20, TmpBytes = 16L << 20, Pids = 64 }, CancellationToken.None);

    /// <summary>Grades the fixture task's reference solution: the "good submission graded at the same time".</summary>
    public async Task<double> GradeGoodSubmissionAsync()
    {
        var task = TaskLoader.Load(FixtureTask);
        var files = new List<SandboxFile>
        {
            SandboxFile.Text("run", "#!/bin/sh\nexec python3 solution.py\n", executable: true),
            SandboxFile.Text("solution.py", "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"),
        };
        var grader = new Grader(Sandboxes, new GradingSettings(), TimeProvider.System);
        var result = await grader.GradeAsync(task, files, null, CancellationToken.None);
        if (result.Error is not null)
            throw new InvalidOperationException("The good submission hit a platform error: " + result.Error);
        return result.Score;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Intern.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Intern.sln) above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class DockerTests : ICollectionFixture<DockerEngine>
{
    public const string Name = "docker";
}

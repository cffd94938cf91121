using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

public sealed class TaskLoaderTests : IDisposable
{
    private readonly TempPackage _package = new();

    public void Dispose() => _package.Dispose();

    private const string FullTask = """
        slug: sum
        title: Sum of numbers
        track: fixture
        version: 3
        languages: [python, go]
        image: intern/python
        checker_image: intern/checker
        required: [run, README.md]
        build:
          command: [./build, --release]
          limits: {cpu_time: 90s, memory: 2GiB}
        run:
          command: [./run, --fast]
          limits:
            cpu_time: 1.5s
            wall_time: 3s
            memory: 128MiB
            stdout: 1MiB
            stderr: 64KiB
            file_size: 1048576
            open_files: 64
            files_out: 2MiB
        sandbox: {pids: 64, cpus: 2, work_dir: 512MiB, tmp: 32MiB}
        checker: {type: float, abs: 1e-6, rel: 1e-4}
        outputs: [out/plot.png, results]
        scoring: {auto: 70, review: 30}
        groups:
          - name: public
            visibility: visible
            weight: 30
            tests: tests/public
            checker: exact
            limits: {wall_time: 10s}
          - name: hidden
            visibility: after_due_date
            weight: 70
            checker: {type: program, command: [python3, checker/check.py]}
            generator:
              command: [python3, generators/gen.py]
              seed: secret
              count: 20
          - name: fixed-seed
            visibility: hidden
            weight: 0.5
            generator: {command: [./gen], seed: 42, count: 1}
        deadline: {late_penalty_percent_per_day: 10, grace: 15m}
        """;

    [Fact]
    public void A_full_task_loads_with_every_field()
    {
        _package.Write("task.yaml", FullTask).WithTests("tests/public");

        var task = TaskLoader.Load(_package.Directory);

        Assert.Equal("sum", task.Slug);
        Assert.Equal("Sum of numbers", task.Title);
        Assert.Equal("fixture", task.Track);
        Assert.Equal(3, task.Version);
        Assert.Equal(["python", "go"], task.Languages);
        Assert.Equal("intern/python", task.Image);
        Assert.Equal("intern/checker", task.CheckerImage);
        Assert.Equal(["run", "README.md"], task.Required);
        Assert.Equal(["./build", "--release"], task.Build!.Command);
        Assert.Equal(TimeSpan.FromSeconds(90), task.Build.Limits.CpuTime);
        Assert.Equal(TimeSpan.FromSeconds(120), task.Build.Limits.WallTime);
        Assert.Equal(2L << 30, task.Build.Limits.MemoryBytes);
        Assert.Equal(["./run", "--fast"], task.Run.Command);
        Assert.Equal(new RunLimits
        {
            CpuTime = TimeSpan.FromMilliseconds(1500),
            WallTime = TimeSpan.FromSeconds(3),
            MemoryBytes = 128L << 20,
            StdoutBytes = 1L << 20,
            StderrBytes = 64L << 10,
            FileSizeBytes = 1048576,
            OpenFiles = 64,
            FilesOutBytes = 2L << 20,
        }, task.Run.Limits);
        Assert.Equal(new SandboxSettings { Pids = 64, Cpus = 2, WorkDirBytes = 512L << 20, TmpBytes = 32L << 20 }, task.Sandbox);
        Assert.Equal("float", task.DefaultChecker.Type);
        Assert.Equal(1e-6, task.DefaultChecker.AbsoluteTolerance);
        Assert.Equal(1e-4, task.DefaultChecker.RelativeTolerance);
        Assert.Equal(["out/plot.png", "results"], task.Outputs);
        Assert.Equal(new ScoringWeights { Auto = 70, Review = 30 }, task.Scoring);
        Assert.Equal(new DeadlinePolicy { LatePenaltyPercentPerDay = 10, Grace = TimeSpan.FromMinutes(15) }, task.Deadline);
        Assert.Equal(Path.GetFullPath(_package.Directory), task.Directory);
        Assert.Equal(100.5, task.MaxAutoScore);

        Assert.Equal(["public", "hidden", "fixed-seed"], task.Groups.Select(g => g.Name));
        var (visible, hidden, fixedSeed) = (task.Groups[0], task.Groups[1], task.Groups[2]);
        Assert.Equal(TestVisibility.Visible, visible.Visibility);
        Assert.Equal(30, visible.Weight);
        Assert.Equal(_package.PathOf("tests/public"), visible.TestsDirectory);
        Assert.Null(visible.Generator);
        Assert.Equal("exact", visible.Checker.Type);
        Assert.Equal(task.Run.Limits with { WallTime = TimeSpan.FromSeconds(10) }, visible.Limits);

        Assert.Equal(TestVisibility.AfterDueDate, hidden.Visibility);
        Assert.Null(hidden.TestsDirectory);
        Assert.Equal(["python3", "generators/gen.py"], hidden.Generator!.Command);
        Assert.Null(hidden.Generator.Seed);
        Assert.Equal(20, hidden.Generator.Count);
        Assert.Equal("program", hidden.Checker.Type);
        Assert.Equal(["python3", "checker/check.py"], hidden.Checker.Command);
        Assert.Equal("intern/checker", hidden.Checker.Image);
        Assert.Equal(task.Run.Limits, hidden.Limits);

        Assert.Equal(TestVisibility.Hidden, fixedSeed.Visibility);
        Assert.Equal(42, fixedSeed.Generator!.Seed);
        Assert.Equal("float", fixedSeed.Checker.Type);
    }

    [Fact]
    public void A_minimal_task_gets_the_documented_defaults()
    {
        _package.WithTests("tests/public").Write("task.yaml", """
            slug: tiny
            title: Tiny
            track: fixture
            version: 1
            languages: [c]
            image: intern/c
            run: {}
            groups:
              - {name: public, visibility: visible, weight: 1, tests: tests/public}
            """);

        var task = TaskLoader.Load(_package.Directory);

        Assert.Equal("intern/c", task.CheckerImage);
        Assert.Equal(["run"], task.Required);
        Assert.Null(task.Build);
        Assert.Equal(new StageDefinition(task.Run.Command, new RunLimits()), task.Run);
        Assert.Equal(["./run"], task.Run.Command);
        Assert.Equal(new SandboxSettings(), task.Sandbox);
        Assert.Equal(256L << 20, task.Sandbox.WorkDirBytes);
        Assert.Equal(64L << 20, task.Sandbox.TmpBytes);
        Assert.Equal("tokens", task.DefaultChecker.Type);
        Assert.Equal("tokens", task.Groups[0].Checker.Type);
        Assert.Empty(task.Outputs);
        Assert.Equal(new ScoringWeights { Auto = 100, Review = 0 }, task.Scoring);
        Assert.Equal(new DeadlinePolicy(), task.Deadline);
    }

    [Fact]
    public void An_empty_build_section_builds_with_the_default_command_and_limits()
    {
        _package.WithTests("t").Write("task.yaml", """
            slug: b
            title: B
            track: x
            version: 1
            languages: [rust]
            image: intern/rust
            build:
            run: {command: [./target/release/app]}
            groups: [{name: g, visibility: hidden, weight: 1, tests: t}]
            """);

        var build = TaskLoader.Load(_package.Directory).Build!;

        Assert.Equal(["./build"], build.Command);
        Assert.Equal(TimeSpan.FromSeconds(60), build.Limits.CpuTime);
        Assert.Equal(TimeSpan.FromSeconds(120), build.Limits.WallTime);
        Assert.Equal(1L << 30, build.Limits.MemoryBytes);
        Assert.Equal(1L << 20, build.Limits.StdoutBytes);
        Assert.Equal(1L << 20, build.Limits.StderrBytes);
    }

    [Fact]
    public void A_missing_task_yaml_is_reported_by_name()
    {
        var error = Assert.Throws<TaskValidationException>(() => TaskLoader.Load(_package.Directory));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("task.yaml", problem.File);
        Assert.Contains("not found", problem.Message);
        Assert.Contains("task.yaml", error.Message);
    }

    [Theory]
    [InlineData(TestVisibility.Visible, "visible")]
    [InlineData(TestVisibility.Hidden, "hidden")]
    [InlineData(TestVisibility.AfterDueDate, "after_due_date")]
    [InlineData(TestVisibility.AfterPublished, "after_published")]
    public void Visibilities_have_gradescope_names_both_ways(TestVisibility visibility, string name)
    {
        Assert.Equal(name, visibility.ToSnakeCase());
        Assert.True(TestVisibilityNames.TryParse(name, out var parsed));
        Assert.Equal(visibility, parsed);
    }
}

using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

/// <summary>task.yaml's sandbox.cpuset, group timing and precheck.</summary>
public sealed class TaskLoaderExtensionsTests : IDisposable
{
    // Seven lines, so that what is appended starts at line 8.
    private const string Header = """
        slug: sum
        title: Sum
        track: fixture
        version: 1
        languages: [python]
        image: intern/python
        run: {}

        """;

    // The timing mapping sits on line 13 when the group starts at line 8.
    private const string TimedGroup = """
        groups:
          - name: performance
            visibility: after_due_date
            weight: 20
            tests: tests/public
            timing: {reference: solutions/reference, full_within: 2, none_beyond: 10}

        """;

    private readonly TempPackage _package = new();

    public TaskLoaderExtensionsTests() => _package.WithTests("tests/public").Write("solutions/reference/run", "#!/bin/sh\n");

    public void Dispose() => _package.Dispose();

    private TaskDefinition Load(string yaml)
    {
        _package.Write("task.yaml", yaml);
        return TaskLoader.Load(_package.Directory);
    }

    private TaskProblem Problem(string yaml)
    {
        _package.Write("task.yaml", yaml);
        return Assert.Single(Assert.Throws<TaskValidationException>(() => TaskLoader.Load(_package.Directory)).Problems);
    }

    private static string Timing(string mapping) =>
        TimedGroup.Replace("{reference: solutions/reference, full_within: 2, none_beyond: 10}", mapping, StringComparison.Ordinal);

    [Theory]
    [InlineData("1", "1")]
    [InlineData("0-1", "0-1")]
    [InlineData("0,2", "0,2")]
    [InlineData("\"0-3,6\"", "0-3,6")]
    [InlineData("12", "12")]
    public void A_cpuset_of_cores_and_ranges_is_kept_as_written(string yaml, string cpuset)
    {
        var task = Load(Header + $"sandbox:\n  cpuset: {yaml}\n" + TimedGroup);

        Assert.Equal(cpuset, task.Sandbox.Cpuset);
    }

    [Fact]
    public void A_cpuset_given_as_a_list_is_reported_on_its_line()
    {
        var problem = Problem(Header + "sandbox:\n  cpuset: [1, 2]\n" + TimedGroup);

        Assert.Equal((9, "sandbox.cpuset"), (problem.Line, problem.Field));
        Assert.Contains("(got a list)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_cpuset_the_deployment_decides()
    {
        Assert.Null(Load(Header + "sandbox: {pids: 64}\n" + TimedGroup).Sandbox.Cpuset);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("1-")]
    [InlineData("-1")]
    [InlineData("1,,2")]
    [InlineData("\"1 2\"")]
    public void A_cpuset_that_is_not_cores_and_ranges_is_reported_on_its_line(string yaml)
    {
        var problem = Problem(Header + $"sandbox:\n  cpuset: {yaml}\n" + TimedGroup);

        Assert.Equal((9, "sandbox.cpuset"), (problem.Line, problem.Field));
        Assert.Contains("a cpuset such as", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timing_group_loads_with_an_absolute_reference_folder()
    {
        var group = Assert.Single(Load(Header + TimedGroup).Groups);

        var timing = Assert.IsType<TimingDefinition>(group.Timing);
        Assert.Equal(Path.GetFullPath(_package.PathOf("solutions/reference")), timing.ReferenceDirectory);
        Assert.True(Path.IsPathRooted(timing.ReferenceDirectory));
        Assert.Equal((2.0, 10.0), (timing.FullWithin, timing.NoneBeyond));
    }

    [Fact]
    public void A_timing_written_as_a_block_with_fractional_ratios_loads_too()
    {
        var yaml = Timing("\n      reference: ./solutions/reference/\n      full_within: 1.5\n      none_beyond: 4.5");

        var timing = Assert.Single(Load(Header + yaml).Groups).Timing!;

        Assert.Equal(Path.GetFullPath(_package.PathOf("solutions/reference")), timing.ReferenceDirectory);
        Assert.Equal((1.5, 4.5), (timing.FullWithin, timing.NoneBeyond));
    }

    [Fact]
    public void A_group_without_timing_has_none()
    {
        Assert.Null(Assert.Single(Load(Header + TimedGroup.Replace("    timing:", "    # timing:", StringComparison.Ordinal)).Groups).Timing);
    }

    public static TheoryData<string, string, string> TimingMistakes => new()
    {
        { "{reference: solutions/missing, full_within: 2, none_beyond: 10}", "groups[0].timing.reference", "must name a solution folder of the package (got \"solutions/missing\")" },
        { "{reference: solutions/reference/run, full_within: 2, none_beyond: 10}", "groups[0].timing.reference", "must name a solution folder" },
        { "{reference: ../outside, full_within: 2, none_beyond: 10}", "groups[0].timing.reference", "must name a solution folder" },
        { "{reference: /etc, full_within: 2, none_beyond: 10}", "groups[0].timing.reference", "must name a solution folder" },
        { "{full_within: 2, none_beyond: 10}", "groups[0].timing.reference", "is required" },
        { "{reference: solutions/reference, none_beyond: 10}", "groups[0].timing.full_within", "is required" },
        { "{reference: solutions/reference, full_within: 2}", "groups[0].timing.none_beyond", "is required" },
        { "{reference: solutions/reference, full_within: 10, none_beyond: 10}", "groups[0].timing.none_beyond", "must be greater than full_within" },
        { "{reference: solutions/reference, full_within: 5, none_beyond: 3}", "groups[0].timing.none_beyond", "must be greater than full_within" },
        { "{reference: solutions/reference, full_within: 0.5, none_beyond: 10}", "groups[0].timing.full_within", "a ratio of at least 1 (got \"0.5\")" },
        { "{reference: solutions/reference, full_within: 1, none_beyond: 1}", "groups[0].timing.none_beyond", "a ratio greater than 1" },
        { "{reference: solutions/reference, full_within: 2, none_beyond: \"10\"}", "groups[0].timing.none_beyond", "write it without quotes" },
        { "{reference: solutions/reference, full_within: 2, none_beyond: 10, limit: 3}", "groups[0].timing.limit", "unknown key" },
        { "{reference: solutions/reference, full_within: 2, non_beyond: 10}", "groups[0].timing.non_beyond", "did you mean \"none_beyond\"?" },
        { "fast", "groups[0].timing", "must be a mapping" },
    };

    [Theory]
    [MemberData(nameof(TimingMistakes))]
    public void A_timing_mistake_is_reported_with_its_line_and_field(string mapping, string field, string message)
    {
        var problem = Problem(Header + Timing(mapping));

        Assert.Equal((13, field), (problem.Line, problem.Field));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_precheck_command_loads_as_an_argument_vector()
    {
        var task = Load(Header + "precheck: {command: [python3, checker/lint.py, --strict]}\n" + TimedGroup);

        Assert.Equal(["python3", "checker/lint.py", "--strict"], task.Precheck!.Command);
    }

    [Fact]
    public void Without_a_precheck_there_is_none()
    {
        Assert.Null(Load(Header + TimedGroup).Precheck);
    }

    [Theory]
    [InlineData("precheck: {command: python3 lint.py}", "precheck.command", "must be a non-empty list")]
    [InlineData("precheck: {command: []}", "precheck.command", "must be a non-empty list")]
    [InlineData("precheck: {}", "precheck.command", "is required")]
    [InlineData("precheck: [python3, lint.py]", "precheck", "must be a mapping")]
    [InlineData("precheck: {command: [python3], image: intern/x}", "precheck.image", "unknown key")]
    [InlineData("precheck: {comand: [python3]}", "precheck.comand", "did you mean \"command\"?")]
    public void A_precheck_mistake_is_reported_with_its_line_and_field(string yaml, string field, string message)
    {
        var problem = Problem(Header + yaml + "\n" + TimedGroup);

        Assert.Equal((8, field), (problem.Line, problem.Field));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }
}

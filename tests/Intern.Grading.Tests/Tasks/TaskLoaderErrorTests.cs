using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

public sealed class TaskLoaderErrorTests : IDisposable
{
    // Seven lines, so that the groups written after it start at line 8.
    private const string Header = """
        slug: sum
        title: Sum
        track: fixture
        version: 1
        languages: [python]
        image: intern/python
        run: {}

        """;

    private const string Group = """
        groups:
          - name: public
            visibility: visible
            weight: 1
            tests: tests/public
        """;

    private readonly TempPackage _package = new();

    public void Dispose() => _package.Dispose();

    private IReadOnlyList<TaskProblem> Problems(string yaml)
    {
        _package.Write("task.yaml", yaml).WithTests("tests/public");
        return Assert.Throws<TaskValidationException>(() => TaskLoader.Load(_package.Directory)).Problems;
    }

    public static TheoryData<string, int, string, string> Cases => new()
    {
        { Header.Replace("version: 1", "version: abc") + Group, 4, "version", "must be a positive integer (got \"abc\")" },
        { Header.Replace("version: 1", "version: [1]") + Group, 4, "version", "(got a list)" },
        { Header.Replace("title: Sum\n", "") + Group, 1, "title", "is required" },
        { Header + "checker_imgae: intern/x\n" + Group, 8, "checker_imgae", "unknown key; did you mean \"checker_image\"?" },
        { Header + Group.Replace("weight:", "wieght:"), 11, "groups[0].wieght", "did you mean \"weight\"?" },
        { Header + Group.Replace("weight: 1", "weight: 1\n    lmits: {}"), 12, "groups[0].lmits", "did you mean \"limits\"?" },
        { Header.Replace("run: {}", "run: {limits: {wall_time: 5}}") + Group, 7, "run.limits.wall_time", "must be a duration such as 500ms, 2s, 1.5s, 2m or 1h" },
        { Header.Replace("run: {}", "run: {limits: {cpu_time: 0s}}") + Group, 7, "run.limits.cpu_time", "greater than 0 (got \"0s\")" },
        { Header.Replace("run: {}", "run: {limits: {memory: 256MB}}") + Group, 7, "run.limits.memory", "must be a size such as 512B, 64KiB, 256MiB, 1GiB or a whole number of bytes, greater than 0 (got \"256MB\"); sizes use binary units" },
        { Header + Group + "\n    limits: {stdout: lots}", 13, "groups[0].limits.stdout", "(got \"lots\")" },
        { Header + Group.Replace("visible", "hiden"), 10, "groups[0].visibility", "did you mean \"hidden\"?" },
        { Header + Group + "\n  - {name: public, visibility: hidden, weight: 2, tests: tests/public}", 13, "groups[1].name", "duplicate group name \"public\" (already used by groups[0])" },
        { Header + Group.Replace("tests/public", "../outside"), 12, "groups[0].tests", "without '..'" },
        { Header + Group.Replace("tests/public", "/etc"), 12, "groups[0].tests", "relative path inside the package" },
        { Header + Group.Replace("tests/public", "tests/missing"), 12, "groups[0].tests", "directory tests/missing does not exist" },
        { Header + Group + "\n    generator: {command: [./gen], seed: 1, count: 5}", 13, "groups[0]", "has both tests and generator" },
        { Header + Group.Replace("    tests: tests/public", ""), 9, "groups[0]", "needs either tests" },
        { Header + Group.Replace("tests: tests/public", "generator: {command: [./gen], seed: random, count: 5}"), 12, "groups[0].generator.seed", "a non-negative integer or the word secret (got \"random\")" },
        { Header + Group.Replace("tests: tests/public", "generator: {command: [./gen], seed: 1, count: 1001}"), 12, "groups[0].generator.count", "an integer from 1 to 1000" },
        { Header + Group.Replace("tests: tests/public", "generator: {seed: 1, count: 1}"), 12, "groups[0].generator.command", "is required" },
        { Header + Group.Replace("weight: 1", "weight: 0"), 11, "groups[0].weight", "must be a number greater than 0 (got \"0\")" },
        { Header + Group.Replace("weight: 1", "weight: \"30\""), 11, "groups[0].weight", "must be a number greater than 0 (got \"30\" in quotes; write it without quotes)" },
        { Header + Group.Replace("name: public", "name: Public"), 9, "groups[0].name", "lower-case letters" },
        { Header + "groups: []", 8, "groups", "must be a non-empty list" },
        { Header.Replace("slug: sum", "slug: Sum_1") + Group, 1, "slug", "(got \"Sum_1\")" },
        { Header.Replace("[python]", "[python3]") + Group, 5, "languages[0]", "did you mean \"python\"?" },
        { Header.Replace("[python]", "[]") + Group, 5, "languages", "must be a non-empty list" },
        { Header.Replace("run: {}", "run: {command: ./run}") + Group, 7, "run.command", "must be a non-empty list (got \"./run\")" },
        { Header.Replace("run: {}\n", "") + Group, 1, "run", "is required" },
        { Header + "checker: {type: exact, abs: 1e-3}\n" + Group, 8, "checker.abs", "only applies to float, json and csv checkers, not exact" },
        { Header + "checker: program\n" + Group, 8, "checker", "needs a mapping with its command" },
        { Header + "checker: {type: flaot}\n" + Group, 8, "checker.type", "did you mean \"float\"?" },
        { Header + "checker: {type: float, rel: -1}\n" + Group, 8, "checker.rel", "a non-negative number" },
        { Header + "outputs: [/tmp/out]\n" + Group, 8, "outputs[0]", "relative path without '..'" },
        { Header + "scoring: {auto: 0, review: 0}\n" + Group, 8, "scoring", "auto + review must be greater than 0" },
        { Header + "scoring: {auto: 70}\n" + Group, 8, "scoring.review", "is required" },
        { Header + "sandbox: {pids: 0}\n" + Group, 8, "sandbox.pids", "an integer from 1 to 65536" },
        { Header + "deadline: {late_penalty_percent_per_day: 150}\n" + Group, 8, "deadline.late_penalty_percent_per_day", "a number from 0 to 100" },
        { Header + "deadline: {late_penalty: 10}\n" + Group, 8, "deadline.late_penalty", "did you mean \"late_penalty_percent_per_day\"?" },
        { Header + "title: Again\n" + Group, 8, "", "invalid YAML" },
        { Header + "groups: [unclosed\n", 9, "", "invalid YAML" },
        { "- just\n- a list\n", 1, "", "must be a mapping" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_mistake_is_reported_with_its_line_and_field(string yaml, int line, string field, string message)
    {
        var problems = Problems(yaml);

        var problem = Assert.Single(problems);
        Assert.Equal("task.yaml", problem.File);
        Assert.Equal((line, field), (problem.Line, problem.Field));
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void A_problem_reads_as_file_line_field_and_message()
    {
        var problems = Problems(Header + Group + "\n  - {name: hidden, visibility: hidden, weight: abc, tests: tests/public}");

        Assert.Equal("task.yaml:13: groups[1].weight: must be a number greater than 0 (got \"abc\")", Assert.Single(problems).ToString());
    }

    [Fact]
    public void Every_mistake_in_a_file_is_reported_at_once()
    {
        var yaml = """
            slug: sum
            title: Sum
            track: fixture
            version: 0
            languages: [python]
            image: intern/python
            run: {limits: {wall_time: forever}}
            groups:
              - name: public
                visibility: everyone
                weight: 1
                tests: ../tests
            colour: blue
            """;

        var problems = Problems(yaml);

        Assert.Equal(
            [(4, "version"), (7, "run.limits.wall_time"), (10, "groups[0].visibility"), (12, "groups[0].tests"), (13, "colour")],
            problems.Select(p => (p.Line, p.Field)).Order());
    }

    [Fact]
    public void An_unknown_key_far_from_any_known_one_lists_the_known_keys()
    {
        var problem = Assert.Single(Problems(Header + "colour: blue\n" + Group));

        Assert.DoesNotContain("did you mean", problem.Message);
        Assert.Contains("known keys: slug, title", problem.Message);
    }

    [Fact]
    public void A_test_input_without_its_answer_is_reported_on_the_tests_line()
    {
        _package.Write("tests/public/2.in", "x");

        var problem = Assert.Single(Problems(Header + Group));

        Assert.Equal((12, "groups[0].tests"), (problem.Line, problem.Field));
        Assert.Equal("tests/public/2.in has no matching 2.ans", problem.Message);
    }

    [Fact]
    public void The_exception_message_lists_every_problem()
    {
        _package.Write("task.yaml", Header.Replace("version: 1", "version: x") + "groups: []").WithTests("tests/public");

        var error = Assert.Throws<TaskValidationException>(() => TaskLoader.Load(_package.Directory));

        Assert.Contains("2 problems", error.Message);
        Assert.Contains("task.yaml:4: version:", error.Message);
        Assert.Contains("task.yaml:8: groups:", error.Message);
    }
}

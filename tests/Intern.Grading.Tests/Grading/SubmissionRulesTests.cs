using Intern.Grading.Checking;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Grading;

public class SubmissionRulesTests
{
    private static TaskDefinition Task(IReadOnlyList<string>? required = null, IReadOnlyList<string>? build = null) => new()
    {
        Slug = "sum",
        Title = "Sum",
        Track = "fixture",
        Version = 1,
        Languages = ["python"],
        Image = "intern/python",
        CheckerImage = "intern/python",
        Required = required ?? ["run"],
        Build = build is null ? null : new StageDefinition(build, new RunLimits()),
        Run = new StageDefinition(["./run"], new RunLimits()),
        Sandbox = new SandboxSettings(),
        DefaultChecker = CheckerSpec.Tokens,
        Outputs = [],
        Scoring = new ScoringWeights(),
        Groups = [],
        Deadline = new DeadlinePolicy(),
        Directory = "/nonexistent/sum",
    };

    private static List<SandboxFile> Files(params string[] paths) => [.. paths.Select(p => SandboxFile.Text(p, "x"))];

    [Theory]
    [InlineData("run")]
    [InlineData("run", "README.md", "src/main.py")]
    [InlineData("src/run", "run")]
    public void A_submission_with_every_required_file_at_its_root_has_no_format_errors(params string[] paths)
    {
        Assert.Empty(SubmissionRules.FormatErrors(Task(), Files(paths)));
    }

    [Theory]
    [InlineData("main.py")]
    [InlineData("runner")]
    [InlineData("run.sh")]
    [InlineData("myrun")]
    public void A_missing_required_file_is_named(string path)
    {
        var errors = SubmissionRules.FormatErrors(Task(), Files(path));

        Assert.Equal(["The file 'run' is missing at the root of the submission."], errors);
    }

    [Theory]
    [InlineData("project/run", "project/run")]
    [InlineData("a/b/run", "a/b/run")]
    public void A_required_file_in_a_subfolder_is_pointed_out_where_it_is(string path, string shownAt)
    {
        var errors = SubmissionRules.FormatErrors(Task(), Files(path, "project/README.md"));

        Assert.Equal([$"The file 'run' must be at the root of the submission, not at '{shownAt}'."], errors);
    }

    [Fact]
    public void An_empty_submission_says_so_and_lists_what_is_missing()
    {
        var errors = SubmissionRules.FormatErrors(Task(), []);

        Assert.Equal(["The submission is empty.", "The file 'run' is missing at the root of the submission."], errors);
    }

    [Fact]
    public void Every_missing_required_file_gets_its_own_error()
    {
        var errors = SubmissionRules.FormatErrors(Task(required: ["run", "README.md", "docs/design.md"]), Files("README.md"));

        Assert.Equal(2, errors.Count);
        Assert.Contains("'run'", errors[0], StringComparison.Ordinal);
        Assert.Contains("'docs/design.md'", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_without_required_files_accepts_any_nonempty_submission()
    {
        Assert.Empty(SubmissionRules.FormatErrors(Task(required: []), Files("anything.txt")));
    }

    [Theory]
    [InlineData(new[] { "./build" }, new[] { "build", "run" }, true)]
    [InlineData(new[] { "build" }, new[] { "build", "run" }, true)]
    [InlineData(new[] { "./scripts/build.sh", "--release" }, new[] { "scripts/build.sh", "run" }, true)]
    [InlineData(new[] { "./build" }, new[] { "run" }, false)]
    [InlineData(new[] { "./build" }, new[] { "src/build", "run" }, false)]
    [InlineData(new[] { "/usr/bin/make" }, new[] { "usr/bin/make", "run" }, false)]
    [InlineData(new[] { "../build" }, new[] { "build", "run" }, false)]
    [InlineData(new string[0], new[] { "build", "run" }, false)]
    public void The_build_runs_only_when_the_submission_brings_the_file_the_build_command_names(string[] command, string[] paths, bool hasBuild)
    {
        Assert.Equal(hasBuild, SubmissionRules.HasBuild(Task(build: command), Files(paths)));
    }

    [Fact]
    public void A_task_without_a_build_stage_never_builds()
    {
        Assert.False(SubmissionRules.HasBuild(Task(), Files("build", "run")));
    }
}

using System.Text;
using Intern.Grading.Checking;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Grading;

public class CaseLayoutTests
{
    private static TestCase Case(params string[] args) => new("c1", Encoding.UTF8.GetBytes("stdin text"), ReadOnlyMemory<byte>.Empty, args);

    private static TaskDefinition Task(params string[] outputs) => new()
    {
        Slug = "layout",
        Title = "Layout",
        Track = "fixture",
        Version = 1,
        Languages = ["python"],
        Image = "intern/python",
        CheckerImage = "intern/python",
        Required = ["run"],
        Run = new StageDefinition(["./run"], new RunLimits()),
        Sandbox = new SandboxSettings(),
        DefaultChecker = CheckerSpec.Tokens,
        Outputs = outputs,
        Scoring = new ScoringWeights(),
        Groups = [],
        Deadline = new DeadlinePolicy(),
        Directory = "/task",
    };

    [Theory]
    [InlineData("{input}/a.csv", "/in/a.csv")]
    [InlineData("--from={input}/a --to={output}/b", "--from=/in/a --to=/out/b")]
    [InlineData("{input}{input}{output}", "/in/in/out")]
    [InlineData("--plain", "--plain")]
    [InlineData("", "")]
    [InlineData("{INPUT} {inputs {output", "{INPUT} {inputs {output")]
    public void Every_placeholder_in_an_argument_is_replaced_and_anything_else_is_kept(string arg, string expected)
    {
        Assert.Equal([expected], CaseLayout.Substitute([arg], "/in", "/out"));
    }

    [Fact]
    public void Arguments_keep_their_order_and_count()
    {
        Assert.Equal(["a", "/in", "b", "/out"], CaseLayout.Substitute(["a", "{input}", "b", "{output}"], "/in", "/out"));
        Assert.Empty(CaseLayout.Substitute([], "/in", "/out"));
    }

    [Fact]
    public void The_candidate_sees_the_placeholders_as_folders_under_box()
    {
        var args = CaseLayout.CandidateArgs(Case("--data", "{input}/rows.csv", "--out={output}"));

        Assert.Equal(["--data", "/box/tests/input/rows.csv", "--out=/box/out"], args);
    }

    [Fact]
    public void An_input_kept_on_disk_is_found_at_the_read_only_mount_and_only_stdin_is_copied()
    {
        var testCase = Case("alerts", "{input}", "90") with { IsFolder = true, InputOnDisk = "/cache/generated/ab12/3-alerts/input" };

        Assert.Equal(["alerts", "/inputs", "90"], CaseLayout.CandidateArgs(testCase));
        Assert.Equal([CaseLayout.StdinPath], CaseLayout.CandidateFiles(testCase).Select(f => f.Path));
    }

    [Fact]
    public void The_candidate_gets_stdin_and_the_input_files_under_tests_input()
    {
        var testCase = Case() with
        {
            IsFolder = true,
            InputFiles = [SandboxFile.Text("a.csv", "1,2"), SandboxFile.Text("nested/b.bin", "x", executable: true)],
        };

        var files = CaseLayout.CandidateFiles(testCase);

        Assert.Equal(["tests/stdin", "tests/input/a.csv", "tests/input/nested/b.bin"], files.Select(f => f.Path));
        Assert.Equal("stdin text", Encoding.UTF8.GetString(files[0].Content.Span));
        Assert.False(files[0].Executable);
        Assert.Equal("1,2", Encoding.UTF8.GetString(files[1].Content.Span));
        Assert.True(files[2].Executable);
    }

    [Fact]
    public void A_file_case_gets_only_its_stdin()
    {
        var file = Assert.Single(CaseLayout.CandidateFiles(Case("x")));

        Assert.Equal(CaseLayout.StdinPath, file.Path);
    }

    [Fact]
    public void Declared_outputs_are_copied_out_from_the_work_folder()
    {
        Assert.Equal(["work/out/plot.png", "work/results"], CaseLayout.FilesOut(Task("out/plot.png", "results"), Case("{input}")));
    }

    [Fact]
    public void The_output_folder_is_copied_out_only_when_an_argument_uses_it()
    {
        Assert.Equal(["work/results", "out"], CaseLayout.FilesOut(Task("results"), Case("--to={output}/x")));
        Assert.Equal(["out"], CaseLayout.FilesOut(Task(), Case("{output}")));
        Assert.Empty(CaseLayout.FilesOut(Task(), Case("{input}", "output")));
    }

    [Fact]
    public void Leftovers_cover_the_case_folder_the_output_folder_and_the_declared_outputs()
    {
        Assert.Equal(["tests", "out"], CaseLayout.Leftovers(Task()));
        Assert.Equal(["tests", "out", "work/results", "work/out/plot.png"], CaseLayout.Leftovers(Task("results", "out/plot.png")));
    }

    [Fact]
    public void Uses_output_looks_for_the_exact_placeholder()
    {
        Assert.True(CaseLayout.UsesOutput(Case("a", "prefix{output}suffix")));
        Assert.False(CaseLayout.UsesOutput(Case("{Output}", "{input}", "output")));
        Assert.False(CaseLayout.UsesOutput(Case()));
    }
}

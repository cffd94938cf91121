using System.Text;
using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

public sealed class FolderCaseTests : IDisposable
{
    private readonly TempPackage _package = new();

    public void Dispose() => _package.Dispose();

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private IReadOnlyList<TestCase> Load() => TestCaseFiles.Load(_package.PathOf("t"));

    private IReadOnlyList<TaskProblem> Problems() => Assert.Throws<TaskValidationException>(Load).Problems;

    [Fact]
    public void A_folder_case_reads_its_arguments_stdin_input_files_and_answer_file()
    {
        _package.Write("t/big/args", "--data\n{input}/rows.csv\n--out={output}\n")
            .Write("t/big/stdin", "header\n")
            .Write("t/big/input/rows.csv", "a,1\n")
            .Write("t/big/input/more/deeper/x.txt", "x")
            .Write("t/big/answer", "a,2\n");

        var testCase = Assert.Single(Load());

        Assert.Equal("big", testCase.Name);
        Assert.True(testCase.IsFolder);
        Assert.Equal(["--data", "{input}/rows.csv", "--out={output}"], testCase.Args);
        Assert.Equal("header\n", Text(testCase.Input));
        Assert.Equal("a,2\n", Text(testCase.Answer));
        Assert.Empty(testCase.AnswerFiles);
        Assert.Equal(["more/deeper/x.txt", "rows.csv"], testCase.InputFiles.Select(f => f.Path));
        Assert.Equal("a,1\n", Text(testCase.InputFiles[1].Content));
    }

    [Fact]
    public void An_answer_folder_gives_answer_files_relative_to_it_in_order()
    {
        _package.Write("t/c/answer/z.txt", "z").Write("t/c/answer/a/b.txt", "b").Write("t/c/answer/B.txt", "B").Write("t/c/answer/a.txt", "a");

        var testCase = Assert.Single(Load());

        Assert.True(testCase.IsFolder);
        Assert.True(testCase.Answer.IsEmpty);
        Assert.Equal(["B.txt", "a.txt", "a/b.txt", "z.txt"], testCase.AnswerFiles.Select(f => f.Path));
        Assert.Equal("b", Text(testCase.AnswerFiles[2].Content));
    }

    [Fact]
    public void A_folder_case_with_only_an_answer_has_no_stdin_arguments_or_input_files()
    {
        _package.Write("t/c/answer", "42\n");

        var testCase = Assert.Single(Load());

        Assert.True(testCase.Input.IsEmpty);
        Assert.Empty(testCase.Args);
        Assert.Empty(testCase.InputFiles);
    }

    [Fact]
    public void Input_files_keep_their_executable_bit()
    {
        _package.Write("t/c/answer", "").Write("t/c/input/tool.sh", "#!/bin/sh\n").Write("t/c/input/data", "");
        File.SetUnixFileMode(_package.PathOf("t/c/input/tool.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var files = Assert.Single(Load()).InputFiles;

        Assert.Equal([("data", false), ("tool.sh", true)], files.Select(f => (f.Path, f.Executable)));
    }

    [Fact]
    public void Links_in_an_input_folder_are_not_followed()
    {
        _package.Write("t/c/answer", "").Write("t/c/input/real.txt", "r").Write("outside/secret/key.txt", "secret");
        File.CreateSymbolicLink(_package.PathOf("t/c/input/link.txt"), _package.PathOf("outside/secret/key.txt"));
        Directory.CreateSymbolicLink(_package.PathOf("t/c/input/linked"), _package.PathOf("outside/secret"));

        var files = Assert.Single(Load()).InputFiles;

        Assert.Equal(["real.txt"], files.Select(f => f.Path));
    }

    [Fact]
    public void Hidden_input_files_are_read_like_any_other()
    {
        _package.Write("t/c/answer", "").Write("t/c/input/.config", "k=v").Write("t/c/input/.cache/x", "x");

        Assert.Equal([".cache/x", ".config"], Assert.Single(Load()).InputFiles.Select(f => f.Path));
    }

    [Fact]
    public void Folder_and_file_cases_mix_in_natural_order()
    {
        _package.Write("t/1.in", "1").Write("t/1.ans", "1")
            .Write("t/10/answer", "10")
            .Write("t/2.in", "2").Write("t/2.ans", "2")
            .Write("t/case9/answer", "9")
            .Write("t/case10.in", "").Write("t/case10.ans", "");

        var cases = Load();

        Assert.Equal(["1", "2", "10", "case9", "case10"], cases.Select(c => c.Name));
        Assert.Equal([false, false, true, true, false], cases.Select(c => c.IsFolder));
        Assert.Equal("2", Text(cases[1].Input));
        Assert.Equal("10", Text(cases[2].Answer));
    }

    [Fact]
    public void A_folder_without_an_answer_is_a_problem()
    {
        _package.Write("t/1.in", "").Write("t/1.ans", "").Write("t/broken/stdin", "x").Write("t/broken/answers", "x");

        var problem = Assert.Single(Problems());

        Assert.StartsWith(_package.PathOf("t/broken"), problem.File, StringComparison.Ordinal);
        Assert.Contains("has no answer", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_and_a_file_case_of_the_same_name_are_a_problem()
    {
        _package.Write("t/1.in", "").Write("t/1.ans", "").Write("t/1/answer", "");

        var problem = Assert.Single(Problems());

        Assert.StartsWith(_package.PathOf("t/1"), problem.File, StringComparison.Ordinal);
        Assert.Contains("1.in", problem.Message, StringComparison.Ordinal);
        Assert.Contains("keep one", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_of_folder_cases_only_is_complete()
    {
        _package.Write("t/b/answer", "b").Write("t/a/answer", "a");

        Assert.Equal(["a", "b"], Load().Select(c => c.Name));
    }
}

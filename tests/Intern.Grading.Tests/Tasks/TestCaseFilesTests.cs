using System.Text;
using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

public sealed class TestCaseFilesTests : IDisposable
{
    private readonly TempPackage _package = new();

    public void Dispose() => _package.Dispose();

    [Fact]
    public void Cases_are_read_with_their_input_answer_and_arguments()
    {
        _package.Write("t/a.in", "1 2\n").Write("t/a.ans", "3\n").Write("t/a.args", "--mode\nfast\r\n\nlast\n").Write("t/notes.md", "ignored");

        var single = Assert.Single(TestCaseFiles.Load(_package.PathOf("t")));

        Assert.Equal("a", single.Name);
        Assert.Equal("1 2\n", Encoding.UTF8.GetString(single.Input.Span));
        Assert.Equal("3\n", Encoding.UTF8.GetString(single.Answer.Span));
        Assert.Equal(["--mode", "fast", "", "last"], single.Args);
    }

    [Fact]
    public void A_case_without_an_args_file_has_no_arguments()
    {
        _package.Write("t/a.in", "").Write("t/a.ans", "");

        Assert.Empty(Assert.Single(TestCaseFiles.Load(_package.PathOf("t"))).Args);
    }

    [Fact]
    public void Cases_come_in_natural_order_of_their_names()
    {
        foreach (var name in new[] { "10", "2", "1", "case10", "case9", "b", "a" })
            _package.Write($"t/{name}.in", name).Write($"t/{name}.ans", name);

        var names = TestCaseFiles.Load(_package.PathOf("t")).Select(c => c.Name);

        Assert.Equal(["1", "2", "10", "a", "b", "case9", "case10"], names);
    }

    [Fact]
    public void An_input_without_an_answer_is_an_error_naming_the_file()
    {
        _package.Write("t/1.in", "").Write("t/1.ans", "").Write("t/2.in", "");

        var error = Assert.Throws<TaskValidationException>(() => TestCaseFiles.Load(_package.PathOf("t")));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(_package.PathOf("t/2.in"), problem.File);
        Assert.Equal("has no matching 2.ans", problem.Message);
    }

    [Fact]
    public void An_answer_or_args_file_without_an_input_is_an_error_too()
    {
        _package.Write("t/1.in", "").Write("t/1.ans", "").Write("t/3.ans", "").Write("t/4.args", "");

        var error = Assert.Throws<TaskValidationException>(() => TestCaseFiles.Load(_package.PathOf("t")));

        Assert.Equal([_package.PathOf("t/3.ans"), _package.PathOf("t/4.args")], error.Problems.Select(p => p.File));
    }

    [Fact]
    public void A_directory_without_cases_is_an_error()
    {
        _package.Write("t/README", "");

        var error = Assert.Throws<TaskValidationException>(() => TestCaseFiles.Load(_package.PathOf("t")));

        Assert.Contains("contains no test cases", Assert.Single(error.Problems).Message);
    }
}

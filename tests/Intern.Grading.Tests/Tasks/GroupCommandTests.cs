using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

/// <summary>A group's own command: absent by default, an argument vector when given, never empty.</summary>
public sealed class GroupCommandTests : IDisposable
{
    private const string Head = """
        slug: sum
        title: Sum
        track: fixture
        version: 1
        languages: [python]
        image: intern/python
        run: {}
        groups:
          - name: public
            visibility: visible
            weight: 1
            tests: tests/public

        """;

    private readonly TempPackage _package = new();

    public GroupCommandTests() => _package.WithTests("tests/public");

    public void Dispose() => _package.Dispose();

    [Fact]
    public void GroupsWithoutACommandRunTheTasksCommand()
    {
        _package.Write("task.yaml", Head);
        Assert.Null(TaskLoader.Load(_package.Directory).Groups.Single().Command);
    }

    [Fact]
    public void AGroupCommandIsReadAsAnArgumentVector()
    {
        _package.Write("task.yaml", Head + "    command: [ls, -l, models]\n");
        Assert.Equal(["ls", "-l", "models"], TaskLoader.Load(_package.Directory).Groups.Single().Command);
    }

    [Theory]
    [InlineData("    command: []\n")]
    [InlineData("    command: ls -l\n")]
    public void AnEmptyOrStringCommandIsRefusedOnItsLine(string line)
    {
        _package.Write("task.yaml", Head + line);
        var error = Assert.Throws<TaskValidationException>(() => TaskLoader.Load(_package.Directory));
        var problem = Assert.Single(error.Problems);
        Assert.Equal(13, problem.Line);
        Assert.Contains("command", problem.Field, StringComparison.Ordinal);
    }
}

using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

/// <summary>task.yaml's isolate_cases: allowed without a build stage, refused with one.</summary>
public sealed class IsolateCasesTests : IDisposable
{
    private const string Base = """
        slug: sum
        title: Sum
        track: fixture
        version: 1
        languages: [python]
        image: intern/python
        run: {}
        groups:
          - {name: public, visibility: visible, weight: 1, tests: tests/public}

        """;

    private readonly TempPackage _package = new();

    public IsolateCasesTests() => _package.WithTests("tests/public");

    public void Dispose() => _package.Dispose();

    [Theory]
    [InlineData("", false)]
    [InlineData("isolate_cases: true\n", true)]
    [InlineData("isolate_cases: false\n", false)]
    public void IsolateCasesIsReadAndDefaultsToOff(string line, bool expected)
    {
        _package.Write("task.yaml", Base + line);
        Assert.Equal(expected, TaskLoader.Load(_package.Directory).IsolateCases);
    }

    [Fact]
    public void IsolateCasesWithABuildStageIsRefusedOnItsLine()
    {
        _package.Write("task.yaml", Base + "build: {}\nisolate_cases: true\n");
        var error = Assert.Throws<TaskValidationException>(() => TaskLoader.Load(_package.Directory));
        var problem = Assert.Single(error.Problems);
        Assert.Equal(11, problem.Line);
        Assert.Equal("isolate_cases", problem.Field);
    }
}

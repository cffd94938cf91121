using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

/// <summary>rubric.yaml: the packages' own rubrics load, and each mistake is reported with its line and field.</summary>
public sealed class RubricLoaderTests
{
    [Theory]
    [InlineData("tasks/fgsm", 5, 100)]
    [InlineData("tasks/log-analysis", 6, 100)]
    [InlineData("tasks/matmul", 5, 100)]
    [InlineData("tests/fixtures/sum", 2, 20)]
    public void EveryPackagesRubricLoadsWithItsLevelsBestFirst(string package, int criteria, double max)
    {
        var rubric = TaskLoader.Load(Path.Combine(Root(), package)).Rubric;
        Assert.NotNull(rubric);
        Assert.Equal(criteria, rubric.Criteria.Count);
        Assert.Equal(max, rubric.MaxPoints);
        Assert.All(rubric.Criteria, c => Assert.Equal(c.Points, c.Levels[0].Points));
        Assert.All(rubric.Criteria, c => Assert.Equal(c.Levels.OrderByDescending(l => l.Points), c.Levels));
    }

    [Fact]
    public void APackageWithoutARubricHasNone() =>
        Assert.Null(TaskLoader.Load(Path.Combine(Root(), "tests/fixtures/wordfreq")).Rubric);

    public static TheoryData<string, int, string, string> Mistakes() => new()
    {
        { "criteria: []\n", 1, "criteria", "must be a non-empty list" },
        { "criteria:\n  - id: Code\n    title: Code\n    points: 5\n    levels: [{points: 5, description: ok}]\n", 2, "criteria[0].id", "lower-case" },
        { "criteria:\n  - id: code\n    title: Code\n    points: 5\n    levels: [{points: 4, description: ok}]\n", 5, "criteria[0].levels", "best level must be worth" },
        { "criteria:\n  - id: code\n    title: Code\n    points: 5\n    levels: [{points: 5, description: a}, {points: 5, description: b}]\n", 5, "criteria[0].levels", "same points" },
        { "criteria:\n  - id: code\n    title: Code\n    points: 5\n    levels: [{points: 5}]\n", 5, "criteria[0].levels[0].description", "is required" },
        { "criteria:\n  - id: a\n    title: A\n    points: 1\n    levels: [{points: 1, description: x}]\n  - id: a\n    title: B\n    points: 1\n    levels: [{points: 1, description: x}]\n", 1, "criteria", "used 2 times" },
        { "criteria:\n  - id: code\n    titel: Code\n    points: 5\n    levels: [{points: 5, description: ok}]\n", 3, "criteria[0].titel", "did you mean \"title\"" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void MistakesAreReportedWithLineAndField(string yaml, int line, string field, string message)
    {
        var dir = Directory.CreateTempSubdirectory("rubric-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, Rubric.FileName), yaml);
            var error = Assert.Throws<TaskValidationException>(() => RubricLoader.Load(dir.FullName));
            Assert.Contains(error.Problems, p => p.Line == line && p.Field == field && p.Message.Contains(message, StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Intern.sln")))
            dir = dir.Parent;
        return dir!.FullName;
    }
}

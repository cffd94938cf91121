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
        { "criteria:\n  - id: code\n    title: Code\n    points: 5\n    levels: [{points: 5, description: ok}]\n    evidence: {}\n", 6, "criteria[0].evidence", "names no groups and no metrics" },
        { "criteria:\n  - id: code\n    title: Code\n    points: 5\n    levels: [{points: 5, description: ok}]\n    evidence: {group: [a]}\n", 6, "criteria[0].evidence.group", "did you mean \"groups\"" },
    };

    [Fact]
    public void ACriterionNamesTheAutoGradedEvidenceShownBesideIt()
    {
        var rubric = TaskLoader.Load(Path.Combine(Root(), "tests/fixtures/sum")).Rubric!;
        Assert.Equal(["public", "hidden"], rubric.Find("code")!.Evidence!.Groups);
        Assert.Null(rubric.Find("report")!.Evidence);
        var matmul = TaskLoader.Load(Path.Combine(Root(), "tasks/matmul")).Rubric!;
        Assert.Contains("gflops", matmul.Find("measurement")!.Evidence!.Metrics);
    }

    [Fact]
    public void EvidenceFromAGroupTheTaskDoesNotHaveIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("rubric-");
        try
        {
            var sum = Path.Combine(Root(), "tests/fixtures/sum");
            foreach (var file in Directory.GetFiles(sum, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(dir.FullName, Path.GetRelativePath(sum, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            File.WriteAllText(Path.Combine(dir.FullName, Rubric.FileName),
                File.ReadAllText(Path.Combine(sum, Rubric.FileName)).Replace("groups: [public, hidden]", "groups: [public, hiden]", StringComparison.Ordinal));
            var error = Assert.Throws<TaskValidationException>(() => TaskLoader.Load(dir.FullName));
            Assert.Contains(error.Problems, p => p.File == Rubric.FileName && p.Message.Contains("\"hiden\", which task.yaml does not have", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

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

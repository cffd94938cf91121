using Intern.Grading.Results;
using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

public sealed class SolutionCatalogTests : IDisposable
{
    private readonly TempPackage _package = new();

    public void Dispose() => _package.Dispose();

    private TaskDefinition Task()
    {
        _package.WithTests("tests/public").Write("task.yaml", """
            slug: sum
            title: Sum
            track: fixture
            version: 1
            languages: [python]
            image: intern/python
            run: {}
            groups:
              - {name: public, visibility: visible, weight: 30, tests: tests/public}
              - {name: hidden, visibility: hidden, weight: 70, tests: tests/public}
            """);
        return TaskLoader.Load(_package.Directory);
    }

    private IReadOnlyList<TaskProblem> Problems(string expectYaml)
    {
        _package.Write("solutions/bad/expect.yaml", expectYaml);
        return Assert.Throws<TaskValidationException>(() => SolutionCatalog.Load(Task())).Problems;
    }

    [Fact]
    public void A_solution_based_on_a_complete_sibling_names_its_folder()
    {
        _package.Write("solutions/reference/expect.yaml", "score: 100\n")
            .Write("solutions/reference/run", "#!/bin/sh\n")
            .Write("solutions/off-by-one/expect.yaml", "score: [0, 30]\nbased_on: reference\n")
            .Write("solutions/off-by-one/solution.py", "print(1)\n");

        var solutions = SolutionCatalog.Load(Task());

        Assert.Equal(_package.PathOf("solutions/reference"), solutions.Single(s => s.Label == "off-by-one").BasedOn);
        Assert.Null(solutions.Single(s => s.Label == "reference").BasedOn);
    }

    [Theory]
    [InlineData("based_on: missing\n", "names no solution of this package: \"missing\"")]
    [InlineData("based_on: bad\n", "must name a complete solution")]
    [InlineData("based_on: chained\n", "must name a complete solution")]
    public void A_solution_must_be_based_on_a_complete_sibling(string basedOn, string message)
    {
        _package.Write("solutions/chained/expect.yaml", "score: 100\nbased_on: other\n")
            .Write("solutions/other/expect.yaml", "score: 100\n");
        Assert.Contains(Problems("score: 100\n" + basedOn), p => p.Field == "based_on" && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_solution_folder_is_listed_by_label_with_its_expectation()
    {
        _package.Write("solutions/accepted/expect.yaml", "score: 100\n")
            .Write("solutions/accepted/run", "#!/bin/sh\n")
            .Write("solutions/slow/expect.yaml", "score: [0, 40]\nverdicts: [TLE, WA]\n")
            .Write("solutions/no-run/expect.yaml", "gradable: false\n")
            .Write("solutions/.git/HEAD", "")
            .Write("solutions/README.md", "");

        var solutions = SolutionCatalog.Load(Task());

        Assert.Equal(["accepted", "no-run", "slow"], solutions.Select(s => s.Label));
        var (accepted, notGradable, slow) = (solutions[0], solutions[1], solutions[2]);
        Assert.Equal(_package.PathOf("solutions/accepted"), accepted.Directory);
        Assert.Equal((100.0, 100.0, true), (accepted.Expect.MinScore, accepted.Expect.MaxScore, accepted.Expect.Gradable));
        Assert.Empty(accepted.Expect.Verdicts);
        Assert.False(notGradable.Expect.Gradable);
        Assert.Equal((0.0, 40.0), (slow.Expect.MinScore, slow.Expect.MaxScore));
        Assert.Equal([TestVerdict.TLE, TestVerdict.WA], slow.Expect.Verdicts);
        Assert.True(slow.Expect.AcceptsScore(40));
        Assert.False(slow.Expect.AcceptsScore(40.5));
        // A weight split over cases may add back to a hair off the declared score (25 over 3 cases: 99.999999).
        Assert.True(accepted.Expect.AcceptsScore(99.999999));
        Assert.True(slow.Expect.AcceptsScore(40.000001));
    }

    [Fact]
    public void A_package_without_solutions_has_none()
    {
        Assert.Empty(SolutionCatalog.Load(Task()));
    }

    [Theory]
    [InlineData("score: 101\n", 1, "score", "a number from 0 to 100 (the sum of group weights)")]
    [InlineData("score: [50, 10]\n", 1, "score", "min must not exceed max")]
    [InlineData("score: [1, 2, 3]\n", 1, "score", "a number or an inclusive range [min, max]")]
    [InlineData("score: [0, x]\n", 1, "score[1]", "(got \"x\")")]
    [InlineData("verdicts: [TLE]\n", 1, "score", "is required")]
    [InlineData("score: 0\nverdicts: [TLE, WRONG]\n", 2, "verdicts[1]", "must be one of AC, PA, WA")]
    [InlineData("score: 0\nverdicts: [tle]\n", 2, "verdicts[0]", "did you mean \"TLE\"?")]
    [InlineData("score: 0\ngradable: no\n", 2, "gradable", "true or false")]
    [InlineData("gradable: false\nscore: 0\n", 2, "score", "does not apply when gradable is false")]
    [InlineData("scroe: 100\n", 1, "scroe", "did you mean \"score\"?")]
    public void Mistakes_in_expect_yaml_name_the_file_line_and_field(string yaml, int line, string field, string message)
    {
        var problem = Assert.Single(Problems(yaml));

        Assert.Equal("solutions/bad/expect.yaml", problem.File);
        Assert.Equal((line, field), (problem.Line, problem.Field));
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public void A_solution_without_expect_yaml_is_an_error()
    {
        _package.Write("solutions/forgot/run", "");

        var error = Assert.Throws<TaskValidationException>(() => SolutionCatalog.Load(Task()));

        Assert.Equal("solutions/forgot/expect.yaml", Assert.Single(error.Problems).File);
    }

    [Fact]
    public void Problems_of_all_solutions_are_reported_together()
    {
        _package.Write("solutions/a/expect.yaml", "score: -1\n").Write("solutions/b/expect.yaml", "score: 100\nverdicts: []\n");

        var error = Assert.Throws<TaskValidationException>(() => SolutionCatalog.Load(Task()));

        Assert.Equal(["solutions/a/expect.yaml", "solutions/b/expect.yaml"], error.Problems.Select(p => p.File));
    }
}

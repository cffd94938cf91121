using Intern.Grading.Checking;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Grading;

public class ScoringTests
{
    [Theory]
    [InlineData(100.0, 4, 25.0)]
    [InlineData(30.0, 1, 30.0)]
    [InlineData(0.0, 5, 0.0)]
    [InlineData(1.5, 3, 0.5)]
    [InlineData(40.0, 0, 0.0)]
    [InlineData(40.0, -1, 0.0)]
    public void Each_case_is_worth_an_equal_share_of_its_group_weight(double weight, int cases, double expected)
    {
        Assert.Equal(expected, Scoring.CaseMaxScore(weight, cases));
    }

    [Fact]
    public void Shares_that_do_not_divide_evenly_are_not_rounded_per_case()
    {
        Assert.Equal(10.0 / 3, Scoring.CaseMaxScore(10, 3));
    }

    [Fact]
    public void Full_marks_over_cases_that_do_not_divide_evenly_add_up_to_the_weight_exactly()
    {
        var share = Scoring.CaseMaxScore(100, 7);

        Assert.Equal(100.0, Scoring.Total(Enumerable.Repeat(share, 7)));
    }

    [Fact]
    public void Tenths_add_up_without_floating_point_noise()
    {
        Assert.Equal(1.0, Scoring.Total(Enumerable.Repeat(0.1, 10)));
    }

    [Theory]
    [InlineData(new double[0], 0.0)]
    [InlineData(new[] { 12.5 }, 12.5)]
    [InlineData(new[] { 25.0, 0.0, 12.5 }, 37.5)]
    [InlineData(new[] { 0.1234566, 0.0000001 }, 0.123457)]
    public void The_total_is_the_sum_rounded_to_six_decimals(double[] scores, double expected)
    {
        Assert.Equal(expected, Scoring.Total(scores));
    }

    [Theory]
    [InlineData(new string[0], 102.5)]
    [InlineData(new[] { "api" }, 92.5)]
    [InlineData(new[] { "api", "extra" }, 90.0)]
    public void A_declined_group_leaves_the_maximum_so_the_share_earned_is_unchanged(string[] absent, double expected)
    {
        var task = new TaskDefinition
        {
            Slug = "s",
            Title = "S",
            Track = "fixture",
            Version = 1,
            Languages = ["python"],
            Image = "intern/python",
            CheckerImage = "intern/python",
            Required = ["run"],
            Run = new StageDefinition(["./run"], new RunLimits()),
            Sandbox = new SandboxSettings(),
            DefaultChecker = CheckerSpec.Tokens,
            Outputs = [],
            Scoring = new ScoringWeights(),
            Groups = [Group("tests", 90), Group("api", 10), Group("extra", 2.5)],
            Deadline = new DeadlinePolicy(),
            Directory = "/task",
        };

        Assert.Equal(expected, Scoring.MaxScore(task, [.. task.Groups.Where(g => absent.Contains(g.Name))]));
    }

    private static TestGroupDefinition Group(string name, double weight) => new()
    {
        Name = name,
        Weight = weight,
        Visibility = TestVisibility.Visible,
        TestsDirectory = "tests/" + name,
        Checker = CheckerSpec.Tokens,
        Limits = new RunLimits(),
    };
}

using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

public class SecretSeedTests
{
    [Fact]
    public void The_same_inputs_always_give_the_same_non_negative_seed()
    {
        var first = SecretSeed.Derive("deployment-secret", "sum", "hidden");
        var second = SecretSeed.Derive("deployment-secret", "sum", "hidden");

        Assert.Equal(first, second);
        Assert.True(first >= 0);
    }

    [Theory]
    [InlineData("other-secret", "sum", "hidden")]
    [InlineData("deployment-secret", "sum2", "hidden")]
    [InlineData("deployment-secret", "sum", "hidden2")]
    [InlineData("deployment-secret", "sumh", "idden")]
    public void A_different_secret_task_or_group_gives_a_different_seed(string secret, string slug, string group)
    {
        Assert.NotEqual(SecretSeed.Derive("deployment-secret", "sum", "hidden"), SecretSeed.Derive(secret, slug, group));
    }

    [Fact]
    public void Seeds_stay_non_negative_over_many_groups()
    {
        Assert.All(Enumerable.Range(0, 200), i => Assert.True(SecretSeed.Derive("s", "task", $"g{i}") >= 0));
    }

    [Fact]
    public void An_empty_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SecretSeed.Derive("", "sum", "hidden"));
    }
}

using Intern.Grading.Tasks;

namespace Intern.Grading.Tests.Tasks;

public class NaturalOrderTests
{
    [Theory]
    [InlineData("2", "10")]
    [InlineData("case2", "case10")]
    [InlineData("a9b", "a10a")]
    [InlineData("01", "1")]
    [InlineData("01", "2")]
    [InlineData("a", "a1")]
    [InlineData("1", "a")]
    [InlineData("A", "a")]
    [InlineData("x2y3", "x2y10")]
    [InlineData("99999999999999999999999", "100000000000000000000000")]
    public void The_first_name_sorts_before_the_second(string first, string second)
    {
        Assert.True(NaturalOrder.Instance.Compare(first, second) < 0);
        Assert.True(NaturalOrder.Instance.Compare(second, first) > 0);
    }

    [Fact]
    public void Equal_names_compare_equal()
    {
        Assert.Equal(0, NaturalOrder.Instance.Compare("case07", "case07"));
    }
}

using System.Text;
using Intern.Grading.Checking;

namespace Intern.Grading.Tests.Checking;

public class JsonCheckerTests
{
    private static CheckOutcome Check(string expected, string actual) =>
        BuiltInCheckers.Create(new CheckerSpec { Type = "json" })
            .Check(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    [Theory]
    [InlineData("{\"a\":1,\"b\":[1,2]}", "{ \"b\": [1, 2.0], \"a\": 1.0000000001 }\n")]
    [InlineData("[]", "[ ]")]
    [InlineData("null", "null")]
    [InlineData("\"x\"", "\"\\u0078\"")]
    [InlineData("1e400", "1e400")]
    [InlineData("100", "1e2")]
    [InlineData("{\"a\":{\"b\":true,\"c\":null}}", "{\"a\":{\"c\":null,\"b\":true}}")]
    [InlineData("{}", "\uFEFF{}")]
    [InlineData("[{\"k\":\"v\"},[]]", "[{\"k\":\"v\"},[]]")]
    public void Equal_documents_are_accepted_whatever_the_key_order_and_layout(string expected, string actual)
    {
        Assert.Equal(CheckOutcome.Accepted(), Check(expected, actual));
    }

    [Theory]
    [InlineData("{\"items\":[{},{},{},{\"name\":\"x\"}]}", "{\"items\":[{},{},{},{\"name\":\"y\"}]}", "$.items[3].name: expected \"x\", got \"y\"")]
    [InlineData("{\"a\":1,\"b\":2}", "{\"a\":1}", "$.b: missing from output")]
    [InlineData("{\"a\":1}", "{\"a\":1,\"c\":2}", "$.c: unexpected key in output")]
    [InlineData("[1,2]", "[2,1]", "$[0]: expected 1, got 2 (difference 1 is outside the tolerance")]
    [InlineData("[1,2]", "[1,2,3]", "$: expected 2 elements, got 3")]
    [InlineData("{\"l\":[1,2,3]}", "{\"l\":[1,2]}", "$.l: expected 3 elements, got 2")]
    [InlineData("{\"a\":1}", "{\"a\":\"1\"}", "$.a: expected number 1, got string \"1\"")]
    [InlineData("{\"a\":[]}", "{\"a\":{}}", "$.a: expected an array, got an object")]
    [InlineData("true", "false", "$: expected true, got false")]
    [InlineData("null", "0", "$: expected null, got number 0")]
    [InlineData("{\"a b\":1}", "{\"a b\":2}", "$['a b']: expected 1, got 2")]
    [InlineData("{\"it's\":1}", "{\"it's\":2}", "$['it\\'s']: expected 1, got 2")]
    [InlineData("{\"_x9\":[[0]]}", "{\"_x9\":[[1]]}", "$._x9[0][0]: expected 0, got 1")]
    [InlineData("1e400", "2e400", "$: expected 1e400, got 2e400")]
    [InlineData("[1.5]", "[1e400]", "$[0]: expected 1.5, got 1e400")]
    [InlineData("\"A\"", "\"a\"", "$: expected \"A\", got \"a\"")]
    public void The_first_difference_is_a_wrong_answer_with_its_json_path(string expected, string actual, string message)
    {
        var outcome = Check(expected, actual);

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.StartsWith(message, outcome.Message);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("{} {}")]
    [InlineData("{\"a\":1,\"a\":1}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("NaN")]
    public void Invalid_json_in_the_output_is_a_wrong_answer_with_the_parser_message(string actual)
    {
        var outcome = Check("{\"a\":1}", actual);

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.StartsWith("output is not valid JSON: ", outcome.Message);
        Assert.True(outcome.Message.Length > "output is not valid JSON: ".Length);
    }

    [Fact]
    public void Absurdly_deep_nesting_in_the_output_is_a_wrong_answer()
    {
        var outcome = Check("[]", new string('[', 100_000));

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.StartsWith("output is not valid JSON: ", outcome.Message);
    }

    [Fact]
    public void Invalid_json_in_the_expected_output_is_a_task_error_not_a_verdict()
    {
        Assert.Throws<InvalidDataException>(() => Check("{", "{}"));
    }

    [Fact]
    public void Numbers_use_the_tolerances_from_the_spec()
    {
        var checker = BuiltInCheckers.Create(new CheckerSpec { Type = "json", AbsoluteTolerance = 0.5, RelativeTolerance = 0 });

        Assert.Equal(CheckVerdict.AC, checker.Check("{\"x\":[1]}"u8.ToArray(), "{\"x\":[1.5]}"u8.ToArray()).Verdict);
        Assert.Equal(CheckVerdict.WA, checker.Check("{\"x\":[1]}"u8.ToArray(), "{\"x\":[1.51]}"u8.ToArray()).Verdict);
    }
}

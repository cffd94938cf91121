using System.Diagnostics;
using System.Text;
using Intern.Grading.Checking;

namespace Intern.Grading.Tests.Checking;

// Candidate output is arbitrary bytes of arbitrary size; no checker may throw on it or crawl through it.
// The time bound is loose on purpose: it is there to catch quadratic behaviour, not to benchmark.
public class HostileOutputTests
{
    private static readonly byte[] NotUtf8 = [0x68, 0x69, 0xFF, 0xFE, 0x00, 0x80, 0xC3, 0x0A, 0xED, 0xA0, 0x80];
    private static readonly byte[] ParserBytes = "\",\n\r {}[]:1.e-"u8.ToArray();

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public static TheoryData<string> BuiltInTypes => ["exact", "tokens", "float", "csv", "json"];

    [Theory]
    [MemberData(nameof(BuiltInTypes))]
    public void Output_that_is_not_utf8_is_a_wrong_answer_that_says_so(string type)
    {
        var checker = BuiltInCheckers.Create(new CheckerSpec { Type = type });

        var outcome = checker.Check("\"hi\"\n"u8.ToArray(), NotUtf8);

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.Contains("not valid UTF-8", outcome.Message);
    }

    [Theory]
    [MemberData(nameof(BuiltInTypes))]
    public void Random_bytes_never_make_a_checker_throw(string type)
    {
        var checker = BuiltInCheckers.Create(new CheckerSpec { Type = type });
        var random = new Random(20240611);
        byte[] expected = "{\"a\": [1, 2.5, \"x,y\"]}\n"u8.ToArray();
        for (int i = 0; i < 2000; i++)
        {
            var actual = new byte[random.Next(0, 64)];
            random.NextBytes(actual);
            // Bias towards the bytes that drive the parsers so that their edge cases are reached.
            for (int j = 0; j < actual.Length; j++)
                if (actual[j] % 3 == 0)
                    actual[j] = ParserBytes[actual[j] % ParserBytes.Length];

            var outcome = checker.Check(expected, actual);

            Assert.InRange(outcome.Score, 0, 1);
        }
    }

    [Fact]
    public void A_lone_invalid_byte_inside_an_otherwise_equal_token_is_a_difference()
    {
        var checker = BuiltInCheckers.Create(CheckerSpec.Tokens);

        var outcome = checker.Check("caf\u00E9"u8.ToArray(), new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xE9 });

        Assert.Equal("line 1, token 1: expected \"café\", got \"caf\uFFFD\" (output is not valid UTF-8)", outcome.Message);
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("tokens")]
    [InlineData("float")]
    [InlineData("csv")]
    public void A_megabyte_of_matching_numbers_is_checked_quickly(string type)
    {
        var (expected, actual) = MegabyteOfNumbers(lastActualLine: "0.5,-1e-3,42");
        var checker = BuiltInCheckers.Create(new CheckerSpec { Type = type });

        var clock = Stopwatch.StartNew();
        var outcome = checker.Check(expected, actual);

        Assert.Equal(CheckVerdict.AC, outcome.Verdict);
        Assert.True(clock.Elapsed < Budget, $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("exact", "line 65537")]
    [InlineData("tokens", "line 65537, token 1")]
    [InlineData("float", "line 65537, token 1")]
    [InlineData("csv", "row 65537, column 3")]
    public void A_difference_at_the_end_of_a_megabyte_is_found_and_reported_briefly(string type, string location)
    {
        var (expected, actual) = MegabyteOfNumbers(lastActualLine: "0.5,-1e-3,43");
        var checker = BuiltInCheckers.Create(new CheckerSpec { Type = type });

        var outcome = checker.Check(expected, actual);

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.Contains(location, outcome.Message);
        Assert.True(outcome.Message.Length < 300, outcome.Message);
    }

    [Fact]
    public void A_megabyte_json_document_is_checked_quickly()
    {
        var items = Enumerable.Range(0, 40_000).Select(i => $"{{\"id\":{i},\"v\":[{i}.5,\"s{i}\"]}}");
        byte[] expected = Encoding.UTF8.GetBytes($"{{\"items\":[{string.Join(",", items)}]}}");
        byte[] actual = Encoding.UTF8.GetBytes($"{{\"items\":[\n{string.Join(",\n", items)}\n]}}");
        var checker = BuiltInCheckers.Create(new CheckerSpec { Type = "json" });

        var clock = Stopwatch.StartNew();
        var outcome = checker.Check(expected, actual);

        Assert.True(expected.Length > 1_000_000);
        Assert.Equal(CheckVerdict.AC, outcome.Verdict);
        Assert.True(clock.Elapsed < Budget, $"took {clock.Elapsed}");
    }

    // 65 536 lines of "a,b,c" numbers (about a megabyte) with CRLF endings in the actual output.
    private static (byte[] Expected, byte[] Actual) MegabyteOfNumbers(string lastActualLine)
    {
        var expected = new StringBuilder();
        var actual = new StringBuilder();
        for (int i = 0; i < 65_536; i++)
        {
            expected.Append(i).Append(",0.25,").Append(i * 7).Append('\n');
            actual.Append(i).Append(",0.25,").Append(i * 7).Append("\r\n");
        }
        expected.Append("0.5,-1e-3,42\n");
        actual.Append(lastActualLine).Append("\r\n");
        return (Encoding.UTF8.GetBytes(expected.ToString()), Encoding.UTF8.GetBytes(actual.ToString()));
    }
}

using System.Xml.Linq;
using Intern.Grading.Results;

namespace Intern.Grading.Tests.Results;

public class JUnitReportTests
{
    private static TestResult Test(string group, string name, TestVerdict verdict, string output = "", long timeMs = 0) => new()
    {
        Name = $"{group}/{name}",
        Number = name,
        Group = group,
        Verdict = verdict,
        Score = verdict == TestVerdict.AC ? 10 : 0,
        MaxScore = 10,
        Output = output,
        TimeMs = timeMs,
    };

    private static readonly GradingResult Graded = new()
    {
        Task = "sum",
        ExecutionTime = 3.5,
        Tests =
        [
            Test("public", "01", TestVerdict.AC, timeMs: 250),
            Test("public", "02", TestVerdict.WA, "$ ./run < 02.in\nline 1: expected \"6\", got \"7\"", 500),
            Test("hidden", "big", TestVerdict.TLE, "$ ./run < big.in\nTLE: cpu time limit of 2 s exceeded"),
            Test("hidden", "huge", TestVerdict.MLE),
            Test("edge", "empty", TestVerdict.AC),
        ],
    };

    // Parsing the text back is what a CI system does, so it is also the proof that the XML is well formed.
    private static XElement Report(GradingResult result) => XDocument.Parse(JUnitReport.Create(result).ToString()).Root!;

    private static string Attr(XElement element, string name) => element.Attribute(name)?.Value ?? "";

    [Fact]
    public void The_root_counts_tests_and_failures()
    {
        var root = Report(Graded);

        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("sum", Attr(root, "name"));
        Assert.Equal("5", Attr(root, "tests"));
        Assert.Equal("3", Attr(root, "failures"));
        Assert.Equal("0", Attr(root, "errors"));
        Assert.Equal("3.5", Attr(root, "time"));
    }

    [Fact]
    public void Each_group_becomes_one_testsuite_in_the_order_groups_first_appear()
    {
        var suites = Report(Graded).Elements("testsuite").ToList();

        Assert.Equal(["public", "hidden", "edge"], suites.Select(s => Attr(s, "name")));
        Assert.Equal(["2", "2", "1"], suites.Select(s => Attr(s, "tests")));
        Assert.Equal(["1", "2", "0"], suites.Select(s => Attr(s, "failures")));
        Assert.Equal("0.75", Attr(suites[0], "time"));
    }

    [Fact]
    public void Every_test_is_a_testcase_named_after_it_with_its_group_as_class()
    {
        var cases = Report(Graded).Descendants("testcase").ToList();

        Assert.Equal(Graded.Tests.Select(t => t.Name), cases.Select(c => Attr(c, "name")));
        Assert.Equal(Graded.Tests.Select(t => t.Group), cases.Select(c => Attr(c, "classname")));
        Assert.Equal("0.25", Attr(cases[0], "time"));
    }

    [Theory]
    [InlineData("public/01", null)]
    [InlineData("public/02", "WA")]
    [InlineData("hidden/big", "TLE")]
    [InlineData("hidden/huge", "MLE")]
    [InlineData("edge/empty", null)]
    public void Only_failed_tests_carry_a_failure_whose_type_is_the_verdict(string test, string? type)
    {
        var testcase = Report(Graded).Descendants("testcase").Single(c => Attr(c, "name") == test);

        Assert.Equal(type, testcase.Element("failure")?.Attribute("type")?.Value);
    }

    [Fact]
    public void A_failure_message_is_the_verdict_and_the_first_line_and_its_body_the_whole_output()
    {
        var failure = Report(Graded).Descendants("failure").First();

        Assert.Equal("WA: $ ./run < 02.in", Attr(failure, "message"));
        Assert.Equal(Graded.Tests[1].Output, failure.Value);
    }

    [Fact]
    public void A_submission_that_cannot_be_graded_is_one_error_testcase_listing_what_to_fix()
    {
        var result = new GradingResult { Task = "sum", Gradable = false, FormatErrors = ["The submission is empty.", "The file 'run' is missing."] };

        var root = Report(result);

        var testcase = Assert.Single(root.Descendants("testcase"));
        Assert.Equal("format", Attr(testcase, "name"));
        Assert.Equal("The submission is empty.", Attr(testcase.Element("error")!, "message"));
        Assert.Equal("The submission is empty.\nThe file 'run' is missing.", testcase.Element("error")!.Value);
        Assert.Equal("1", Attr(root, "errors"));
        Assert.Equal("1", Attr(root, "tests"));
    }

    [Fact]
    public void A_platform_error_is_an_error_testcase_next_to_the_tests_that_ran()
    {
        var result = Graded with { Error = "The sandbox failed: engine lost" };

        var root = Report(result);

        var testcase = root.Descendants("testcase").First();
        Assert.Equal("platform", Attr(testcase, "name"));
        Assert.Equal("The sandbox failed: engine lost", Attr(testcase.Element("error")!, "message"));
        Assert.Equal("1", Attr(root, "errors"));
        Assert.Equal(root.Descendants("testcase").Count().ToString(), Attr(root, "tests"));
    }

    [Theory]
    [InlineData("nul \u0000 bell \u0007 escape \u001b[31m red")]
    [InlineData("lone high \uD800 and lone low \uDC00")]
    [InlineData("\uFFFE\uFFFF not characters")]
    [InlineData("first line \u0001\nsecond line \u0002")]
    public void Control_characters_in_program_output_do_not_break_the_xml(string output)
    {
        var result = Graded with { Tests = [Test("public", "01", TestVerdict.RE, output)], Error = output };

        var root = Report(result);

        Assert.Equal(2, root.Descendants("testcase").Count());
        Assert.Contains("\uFFFD", root.Descendants("failure").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Tabs_newlines_and_non_ascii_text_are_kept_as_they_are()
    {
        const string output = "tab\there\r\nzoë 日本 🎉";
        var result = Graded with { Tests = [Test("public", "01", TestVerdict.WA, output)] };

        var failure = Report(result).Descendants("failure").Single();

        Assert.Equal(output.Replace("\r\n", "\n", StringComparison.Ordinal), failure.Value);
    }
}

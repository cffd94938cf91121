using System.Globalization;
using System.Xml.Linq;

namespace Intern.Grading.Results;

/// <summary>Writes a result as JUnit XML (one testsuite per group) for CI systems.</summary>
public static class JUnitReport
{
    public static XDocument Create(GradingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failedGrading = !result.Gradable || result.IsPlatformError;
        // The error testcase below is a testcase too: CI tools that trust the totals must agree with the elements.
        var suites = new XElement("testsuites",
            new XAttribute("name", result.Task ?? "intern"),
            new XAttribute("tests", result.Tests.Count + (failedGrading ? 1 : 0)),
            new XAttribute("failures", result.Tests.Count(t => t.Verdict != TestVerdict.AC)),
            new XAttribute("errors", failedGrading ? 1 : 0),
            new XAttribute("time", Seconds(result.ExecutionTime)));
        if (failedGrading)
        {
            var why = result.Error ?? string.Join("\n", result.FormatErrors);
            suites.Add(new XElement("testsuite", new XAttribute("name", "grading"), new XAttribute("tests", 1), new XAttribute("errors", 1),
                new XElement("testcase", new XAttribute("name", result.IsPlatformError ? "platform" : "format"), new XAttribute("classname", "grading"),
                    new XElement("error", new XAttribute("message", FirstLine(why)), Clean(why)))));
        }
        foreach (var group in result.Tests.GroupBy(t => t.Group))
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", group.Key),
                new XAttribute("tests", group.Count()),
                new XAttribute("failures", group.Count(t => t.Verdict != TestVerdict.AC)),
                new XAttribute("time", Seconds(group.Sum(t => t.TimeMs) / 1000.0)));
            foreach (var test in group)
                suite.Add(Case(group.Key, test));
            suites.Add(suite);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites);
    }

    private static XElement Case(string group, TestResult test)
    {
        var element = new XElement("testcase",
            new XAttribute("name", test.Name),
            new XAttribute("classname", group),
            new XAttribute("time", Seconds(test.TimeMs / 1000.0)));
        if (test.Verdict != TestVerdict.AC)
        {
            element.Add(new XElement("failure",
                new XAttribute("type", test.Verdict.ToString()),
                new XAttribute("message", $"{test.Verdict}: {FirstLine(test.Output)}"),
                Clean(test.Output)));
        }
        element.Add(new XElement("system-out", Clean($"verdict={test.Verdict} score={test.Score}/{test.MaxScore} time_ms={test.TimeMs} memory_kb={test.MemoryKb}")));
        return element;
    }

    private static string Seconds(double s) => s.ToString("0.###", CultureInfo.InvariantCulture);

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0];
        return Clean(line.Length > 200 ? line[..200] : line);
    }

    // XML 1.0 cannot carry most control characters; program output can.
    private static string Clean(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && System.Xml.XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
                sb.Append(text, i++, 2);
            else
                sb.Append(System.Xml.XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
        }
        return sb.ToString();
    }
}

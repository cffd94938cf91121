using System.Globalization;
using Intern.Grading.Results;
using Spectre.Console;

namespace Intern.Cli;

/// <summary>The readable summary of a grading, printed to stdout.</summary>
internal static class ConsoleReport
{
    public static void Print(GradingResult result)
    {
        var console = AnsiConsole.Console;
        if (!result.Gradable)
        {
            console.MarkupLine("[red]Not gradable[/] (no attempt used):");
            foreach (var error in result.FormatErrors)
                console.MarkupLine("  - " + Markup.Escape(error));
            return;
        }
        if (result.IsPlatformError)
        {
            console.MarkupLine("[red]Platform error (XX)[/]: " + Markup.Escape(result.Error!));
            return;
        }
        if (result.Output.Length > 0)
            console.WriteLine(result.Output);
        var table = new Table().RoundedBorder()
            .AddColumns("Test", "Verdict", "Score", "Time", "Memory", "Visibility");
        foreach (var test in result.Tests)
        {
            var colour = test.Verdict switch { TestVerdict.AC => "green", TestVerdict.PA => "yellow", _ => "red" };
            table.AddRow(
                Markup.Escape(test.Name),
                $"[{colour}]{test.Verdict}[/]",
                $"{Number(test.Score)}/{Number(test.MaxScore)}",
                $"{test.TimeMs} ms",
                $"{test.MemoryKb / 1024.0:0.0} MiB",
                test.Visibility);
        }
        console.Write(table);
        foreach (var failed in result.Tests.Where(t => t.Verdict != TestVerdict.AC).Take(3))
        {
            console.MarkupLine($"[grey]{Markup.Escape(failed.Name)}:[/]");
            console.WriteLine(Indent(failed.Output.Length > 1500 ? failed.Output[..1500] + "..." : failed.Output));
        }
        // Timing ratios against the reference and other measurements say more than a score alone.
        foreach (var (name, metric) in result.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            console.MarkupLine($"[grey]{Markup.Escape(name)}:[/] {Markup.Escape(metric.Value.ToString(CultureInfo.InvariantCulture))} {Markup.Escape(metric.Unit)}");
        var counts = string.Join(", ", result.Tests.GroupBy(t => t.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));
        console.MarkupLine($"[bold]Score: {Number(result.Score)}/{Number(result.MaxScore)}[/]  ({counts}; {result.ExecutionTime:0.0} s)");
    }

    private static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "    " + l));
}

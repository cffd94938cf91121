using Intern.Grading.Grading;
using Intern.Grading.Results;
using Spectre.Console;

namespace Intern.Cli;

/// <summary>
/// Shows a grading as it happens: a progress bar on a terminal, one line per finished case otherwise
/// (CI logs), both on stderr so that stdout carries only the report.
/// </summary>
internal static class LiveProgress
{
    private static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static async Task<GradingResult> RunAsync(string title, Func<IProgress<GradingProgress>, Task<GradingResult>> grade)
    {
        if (!Err.Profile.Capabilities.Interactive || Console.IsErrorRedirected)
            return await grade(new LineProgress(title));
        GradingResult? result = null;
        await Err.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                result = await grade(new BarProgress(bar, title));
            });
        return result!;
    }

    private sealed class BarProgress(ProgressTask bar, string title) : IProgress<GradingProgress>
    {
        public void Report(GradingProgress value)
        {
            bar.MaxValue = Math.Max(1, value.Total);
            bar.Value = value.Phase == GradingPhase.Finished ? bar.MaxValue : value.Done;
            bar.Description = Markup.Escape($"{title}: {value.Phase.ToString().ToLowerInvariant()} {value.Detail}".TrimEnd());
        }
    }

    private sealed class LineProgress(string title) : IProgress<GradingProgress>
    {
        private GradingPhase? _phase;

        public void Report(GradingProgress value)
        {
            // A checker program runs once per case: a line for each would bury the per-case lines in CI logs.
            if (value.Phase == GradingPhase.Checking)
                return;
            if (value.Finished is { } test)
                Console.Error.WriteLine($"  [{value.Done}/{value.Total}] {test.Name,-28} {test.Verdict,-4} {test.TimeMs,6} ms");
            else if (value.Phase != _phase)
                Console.Error.WriteLine($"{title}: {value.Phase.ToString().ToLowerInvariant()} {value.Detail}".TrimEnd());
            _phase = value.Phase;
        }
    }
}

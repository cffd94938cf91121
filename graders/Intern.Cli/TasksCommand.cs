using System.CommandLine;
using System.Globalization;
using Intern.Grading.Results;
using Intern.Grading.Tasks;
using Spectre.Console;

namespace Intern.Cli;

/// <summary>`intern tasks check [TASK_DIR...]`: validates packages and grades every labelled solution.</summary>
internal static class TasksCommand
{
    public static Command Create()
    {
        var dirs = new Argument<DirectoryInfo[]>("task-dirs") { Description = "Task packages (default: every folder under ./tasks).", Arity = ArgumentArity.ZeroOrMore };
        var secret = GradingOptions.SecretOption();
        var check = new Command("check", "Validate task packages and grade their solutions against what each declares.") { dirs, secret };
        check.SetAction(async (parse, ct) =>
        {
            var targets = parse.GetValue(dirs) is { Length: > 0 } given ? given : DefaultTasks();
            if (targets.Length == 0)
            {
                await Console.Error.WriteLineAsync("No task packages given and none found under ./tasks.");
                return ExitCodes.Usage;
            }
            var failures = 0;
            foreach (var dir in targets)
                failures += await CheckAsync(dir, parse.GetValue(secret), ct);
            AnsiConsole.MarkupLine(failures == 0 ? "[green]All task packages check out.[/]" : $"[red]{failures} problem(s).[/]");
            return failures == 0 ? ExitCodes.Ok : ExitCodes.Mismatch;
        });
        return new Command("tasks", "Work with task packages.") { check };
    }

    private static DirectoryInfo[] DefaultTasks() =>
        Directory.Exists("tasks") ? [.. new DirectoryInfo("tasks").GetDirectories().Where(d => File.Exists(Path.Combine(d.FullName, TaskLoader.FileName)))] : [];

    private static async Task<int> CheckAsync(DirectoryInfo dir, string? secret, CancellationToken ct)
    {
        var task = GradingOptions.LoadTask(dir);
        if (task is null)
            return 1;
        IReadOnlyList<ReferenceSolution> solutions;
        try
        {
            solutions = SolutionCatalog.Load(task);
        }
        catch (TaskValidationException e)
        {
            foreach (var problem in e.Problems)
                await Console.Error.WriteLineAsync("  " + problem);
            return 1;
        }
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(task.Slug)}[/] v{task.Version}: {solutions.Count} solution(s)");
        var table = new Table().RoundedBorder().AddColumns("Solution", "Expected", "Got", "");
        var failures = 0;
        var generated = new Intern.Grading.Grading.GeneratedCases();
        foreach (var solution in solutions)
        {
            var skip = new HashSet<string>(StringComparer.Ordinal) { SolutionCatalog.ExpectFileName };
            using var laid = solution.BasedOn is { } basis ? LaidOver.Create(basis, solution.Directory) : null;
            var result = await GradeCommand.GradeAsync(task, laid?.Directory ?? solution.Directory, secret, ct, skip, generated);
            var problem = SolutionVerdict.Mismatch(solution.Expect, result);
            failures += problem is null ? 0 : 1;
            table.AddRow(Markup.Escape(solution.Label), Markup.Escape(SolutionVerdict.Describe(solution.Expect)),
                Markup.Escape(SolutionVerdict.Describe(result)), problem is null ? "[green]ok[/]" : "[red]" + Markup.Escape(problem) + "[/]");
        }
        AnsiConsole.Write(table);
        return failures;
    }
}

/// <summary>Compares what a solution declares with what it got.</summary>
internal static class SolutionVerdict
{
    public static string? Mismatch(SolutionExpectation expect, GradingResult result)
    {
        if (result.IsPlatformError)
            return "platform error: " + result.Error;
        if (expect.Gradable != result.Gradable)
            return expect.Gradable ? "not gradable: " + string.Join(" ", result.FormatErrors) : "was graded but should be refused";
        if (!result.Gradable)
            return null;
        if (!expect.AcceptsScore(result.Score))
            return $"score {result.Score.ToString(CultureInfo.InvariantCulture)} outside {Describe(expect)}";
        var missing = expect.Verdicts.Where(v => result.Tests.All(t => t.Verdict != v)).ToList();
        return missing.Count == 0 ? null : "no test with verdict " + string.Join(", ", missing);
    }

    public static string Describe(SolutionExpectation expect) =>
        !expect.Gradable ? "not gradable"
        : (expect.MinScore == expect.MaxScore ? $"score {expect.MinScore}" : $"score {expect.MinScore}..{expect.MaxScore}")
          + (expect.Verdicts.Count > 0 ? " with " + string.Join(",", expect.Verdicts) : "");

    public static string Describe(GradingResult result) =>
        result.IsPlatformError ? "XX" : !result.Gradable ? "not gradable"
        : $"score {Math.Round(result.Score, 2).ToString(CultureInfo.InvariantCulture)} ({string.Join(",", result.Tests.Select(t => t.Verdict).Distinct())})";
}

/// <summary>
/// A solution that names <c>based_on</c>, made whole in a temporary folder: the sibling's files, then its own over them
/// (file modes kept, so that <c>run</c> stays executable). Removed when disposed.
/// </summary>
internal sealed class LaidOver : IDisposable
{
    private LaidOver(string directory) => Directory = directory;

    public string Directory { get; }

    public static LaidOver Create(string basis, string overlay)
    {
        var target = System.IO.Directory.CreateTempSubdirectory("intern-solution-").FullName;
        foreach (var source in new[] { basis, overlay })
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(target, Path.GetRelativePath(source, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy, overwrite: true);
            }
        }
        return new LaidOver(target);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

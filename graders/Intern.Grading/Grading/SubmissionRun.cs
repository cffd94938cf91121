using System.Text;
using Intern.Grading.Checking;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>The candidate's side of a grading: one sandbox, the build, then each case in turn.</summary>
internal sealed class SubmissionRun(TaskDefinition task, ISandboxFactory sandboxes, GradingSettings settings,
    IProgress<GradingProgress>? progress, TimeProvider time)
{
    private const string InputPath = "tests/input";

    public sealed record Outcome(IReadOnlyList<TestResult> Tests, string Output, DateTimeOffset? Built);

    public async Task<Outcome> RunAsync(IReadOnlyList<SandboxFile> submission, IReadOnlyList<IReadOnlyList<TestCase>> cases, CancellationToken ct)
    {
        var total = cases.Sum(c => c.Count);
        await using var box = await sandboxes.StartAsync(CandidateSpec(), ct);
        await box.PutFilesAsync([.. submission.Select(f => f with { Path = "work/" + f.Path })], ct);
        var output = "";
        if (SubmissionRules.HasBuild(task, submission))
        {
            progress?.Report(new GradingProgress(GradingPhase.Building, 0, total, string.Join(' ', task.Build!.Command)));
            var stage = task.Build!;
            var build = await box.RunAsync(new RunRequest { Command = stage.Command, Limits = stage.Limits }, ct);
            output = BuildReport(build);
            if (build.Status != SandboxStatus.OK)
                return new Outcome(CompileErrors(cases, output), output, null);
        }
        var built = time.GetUtcNow();
        await using var checker = new ProgramChecker(sandboxes, task);
        var tests = new List<TestResult>();
        foreach (var index in RunOrder())
        {
            var group = task.Groups[index];
            var caseMax = Scoring.CaseMaxScore(group.Weight, cases[index].Count);
            foreach (var testCase in cases[index])
            {
                progress?.Report(new GradingProgress(GradingPhase.Testing, tests.Count, total, $"{group.Name}/{testCase.Name}"));
                var test = await RunCaseAsync(box, checker, group, testCase, caseMax, ct);
                tests.Add(test);
                progress?.Report(new GradingProgress(GradingPhase.Testing, tests.Count, total, $"{group.Name}/{testCase.Name}", test));
            }
        }
        return new Outcome(tests, output, built);
    }

    private SandboxSpec CandidateSpec() => new()
    {
        Image = task.Image,
        MemoryBytes = task.Groups.Select(g => g.Limits.MemoryBytes).Append(task.Build?.Limits.MemoryBytes ?? 0).Max(),
        Pids = task.Sandbox.Pids,
        Cpus = task.Sandbox.Cpus,
        Cpuset = settings.Cpuset,
        WorkDirBytes = task.Sandbox.WorkDirBytes,
        TmpBytes = task.Sandbox.TmpBytes,
    };

    // Visible groups first, then the rest, each in the package's order.
    private IEnumerable<int> RunOrder() =>
        Enumerable.Range(0, task.Groups.Count).OrderBy(i => task.Groups[i].Visibility == TestVisibility.Visible ? 0 : 1);

    private async Task<TestResult> RunCaseAsync(ISandbox box, ProgramChecker checker, TestGroupDefinition group,
        TestCase testCase, double caseMax, CancellationToken ct)
    {
        var command = task.Run.Command.Concat(testCase.Args).ToList();
        var run = await box.RunAsync(new RunRequest
        {
            Command = command,
            StdinPath = InputPath,
            FilesIn = [new SandboxFile(InputPath, testCase.Input)],
            FilesOut = [.. task.Outputs.Select(o => "work/" + o)],
            Limits = group.Limits,
        }, ct);
        await box.DeleteAsync(["tests", .. task.Outputs.Select(o => "work/" + o)], ct);
        CheckOutcome? check = null;
        if (run.Status == SandboxStatus.OK)
        {
            check = group.Checker.Type.Equals("program", StringComparison.OrdinalIgnoreCase)
                ? await checker.CheckAsync(group.Checker, testCase, run, ct)
                : BuiltInCheckers.Create(group.Checker).Check(testCase.Answer, run.Stdout);
        }
        var commandLine = string.Join(' ', command.Select(Quote)) + " < " + testCase.Name + TestCaseFiles.InputExtension;
        return new TestResult
        {
            Name = $"{group.Name}/{testCase.Name}",
            Number = testCase.Name,
            Group = group.Name,
            Visibility = group.Visibility.ToSnakeCase(),
            Verdict = CaseJudge.Verdict(run.Status, check),
            Score = Math.Round(caseMax * CaseJudge.Fraction(run.Status, check), 6),
            MaxScore = Math.Round(caseMax, 6),
            Output = CaseJudge.Explain(commandLine, run, check),
            TimeMs = (long)run.CpuTime.TotalMilliseconds,
            MemoryKb = run.PeakMemoryKb,
        };
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "./_-=:,+".Contains(c, StringComparison.Ordinal)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string BuildReport(RunResult build)
    {
        var text = new StringBuilder();
        text.Append("Build: ").Append(build.Status).Append(build.Message.Length > 0 ? " (" + build.Message + ")" : "")
            .Append(", ").Append(build.WallTime.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s");
        var log = Encoding.UTF8.GetString(build.Stdout.Span) + Encoding.UTF8.GetString(build.Stderr.Span);
        if (log.Length > 20_000)
            log = "...\n" + log[^20_000..];
        return text.Append(log).ToString().TrimEnd();
    }

    private List<TestResult> CompileErrors(IReadOnlyList<IReadOnlyList<TestCase>> cases, string output) =>
        [.. Enumerable.Range(0, task.Groups.Count).SelectMany(i => cases[i].Select(c => new TestResult
        {
            Name = $"{task.Groups[i].Name}/{c.Name}",
            Number = c.Name,
            Group = task.Groups[i].Name,
            Visibility = task.Groups[i].Visibility.ToSnakeCase(),
            Verdict = TestVerdict.CE,
            MaxScore = Math.Round(Scoring.CaseMaxScore(task.Groups[i].Weight, cases[i].Count), 6),
            Output = "Not run: the build failed.\n" + output,
        }))];
}

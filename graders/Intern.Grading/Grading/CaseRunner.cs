using System.Globalization;
using Intern.Grading.Checking;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>Runs one case in the candidate's sandbox (after the reference, for timing groups) and judges it.</summary>
internal sealed class CaseRunner(TaskDefinition task, ISandbox box, ProgramChecker checker, ReferenceRunner reference, CaseEvidence evidence,
    IReadOnlyList<SandboxFile> submission, MountedInputs? inputs)
{
    /// <summary>How many times a timed case slower than full points allow is measured again, with the reference, at most.</summary>
    public const int MeasuredAgain = 3;

    /// <summary>Runs and judges one case; <paramref name="checking"/> is told when a checker program starts on its output.</summary>
    public async Task<TestResult> RunAsync(TestGroupDefinition group, TestCase testCase, double caseMax, Action? checking, CancellationToken ct)
    {
        inputs?.Stage(testCase);
        try
        {
            return await RunStagedAsync(group, testCase, caseMax, checking, ct);
        }
        finally
        {
            inputs?.Clear();
        }
    }

    private async Task<TestResult> RunStagedAsync(TestGroupDefinition group, TestCase testCase, double caseMax, Action? checking, CancellationToken ct)
    {
        var name = $"{group.Name}/{testCase.Name}";
        var args = CaseLayout.CandidateArgs(testCase);
        var request = new RunRequest
        {
            Command = [.. group.Command ?? task.Run.Command, .. args],
            StdinPath = CaseLayout.StdinPath,
            FilesIn = CaseLayout.CandidateFiles(testCase),
            EmptyDirectories = CaseLayout.UsesOutput(testCase) ? [CaseLayout.OutputDirectory] : [],
            FilesOut = CaseLayout.FilesOut(task, testCase),
            Limits = group.Limits,
        };
        RunResult? referenceRun = null;
        if (group.Timing is { } timing)
        {
            referenceRun = await reference.RunAsync(timing, request, ct);
            var wall = TimingScore.WallLimit(timing, referenceRun.WallTime);
            request = request with { Limits = group.Limits with { WallTime = wall, CpuTime = wall } };
        }
        if (task.IsolateCases)
        {
            // Start from the submission as uploaded (the reference above ran in its own sandbox, from its own files).
            await box.DeleteAsync(["work"], ct);
            request = request with { FilesIn = [.. submission.Select(f => f with { Path = "work/" + f.Path }), .. request.FilesIn], ClearTmp = true };
        }
        var run = await box.RunAsync(request, ct);
        await box.DeleteAsync(CaseLayout.Leftovers(task), ct);

        CheckOutcome? check = null;
        var violation = false;
        if (run.Status == SandboxStatus.OK)
        {
            if (group.Checker.Type.Equals("program", StringComparison.OrdinalIgnoreCase))
            {
                checking?.Invoke();
                var (report, files) = await checker.CheckAsync(group.Checker, testCase, run, ct);
                evidence.Add(name, report, files);
                (check, violation) = (report.Outcome, report.Violation);
            }
            else
            {
                check = BuiltInCheckers.Create(group.Checker).Check(testCase.Answer, run.Stdout);
            }
        }
        var fraction = CaseJudge.Fraction(run.Status, check);
        var explanation = CaseJudge.Explain(CommandLine(request.Command, testCase), run, check);
        if (group.Timing is { } t && referenceRun is not null && run.Status == SandboxStatus.OK && fraction > 0)
        {
            var (candidateWall, referenceWall) = (run.WallTime, referenceRun.WallTime);
            // Points are at stake: measure both again, up to MeasuredAgain times, and keep each one's best, so
            // that unlucky moments on a busy machine do not cost the applicant.
            for (var attempt = 0; attempt < MeasuredAgain && TimingScore.Ratio(candidateWall, referenceWall) > t.FullWithin; attempt++)
            {
                var again = await reference.RunAsync(t, request with { FilesIn = CaseLayout.CandidateFiles(testCase), ClearTmp = false }, ct);
                if (task.IsolateCases)
                    await box.DeleteAsync(["work"], ct);
                var rerun = await box.RunAsync(request, ct);
                await box.DeleteAsync(CaseLayout.Leftovers(task), ct);
                referenceWall = Min(referenceWall, again.WallTime);
                if (rerun.Status != SandboxStatus.OK)
                    break;
                candidateWall = Min(candidateWall, rerun.WallTime);
            }
            var ratio = TimingScore.Ratio(candidateWall, referenceWall);
            var speed = TimingScore.Fraction(t, ratio);
            fraction *= speed;
            explanation += "\n" + TimingScore.Describe(t, candidateWall, referenceWall, ratio, speed);
            evidence.AddMetric(name + ".time_ratio", new Metric(Math.Round(ratio, 3), "x reference", Test: name));
        }
        return new TestResult
        {
            Name = name,
            Number = testCase.Name,
            Group = group.Name,
            Visibility = group.Visibility.ToSnakeCase(),
            Verdict = violation ? TestVerdict.SV : CaseJudge.Verdict(run.Status, check),
            Score = violation ? 0 : Math.Round(caseMax * fraction, 6),
            MaxScore = Math.Round(caseMax, 6),
            Output = explanation,
            TimeMs = (long)run.CpuTime.TotalMilliseconds,
            MemoryKb = run.PeakMemoryKb,
        };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string CommandLine(IReadOnlyList<string> command, TestCase testCase)
    {
        var line = string.Join(' ', command.Select(Quote));
        return testCase.IsFolder
            ? (testCase.Input.IsEmpty ? line : line + " < stdin")
            : line + " < " + testCase.Name + TestCaseFiles.InputExtension;
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "./_-=:,+{}".Contains(c, StringComparison.Ordinal))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

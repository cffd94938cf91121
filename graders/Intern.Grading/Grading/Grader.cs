using System.Diagnostics;
using Intern.Grading.Checking;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Grades one submission against one task: build once, then every case in one candidate sandbox,
/// judged outside it. Test inputs enter the candidate's sandbox one case at a time and are removed
/// after it; expected answers and checkers never do. Visible groups run first, so that nothing a
/// hidden case's input could leave behind ends up in output the applicant is shown.
/// </summary>
public sealed class Grader(ISandboxFactory sandboxes, GradingSettings settings, TimeProvider time, GeneratedCases? generated = null)
{
    private readonly GeneratedCases _generated = generated ?? new GeneratedCases();

    public async Task<GradingResult> GradeAsync(TaskDefinition task, IReadOnlyList<SandboxFile> submission,
        IProgress<GradingProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(submission);
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var phases = new Phases { Started = started };
        var result = new GradingResult { MaxScore = task.MaxAutoScore, Task = task.Slug, TaskVersion = task.Version, Phases = phases };
        var formatErrors = SubmissionRules.FormatErrors(task, submission);
        if (formatErrors.Count > 0)
            return Finish(result with { Gradable = false, FormatErrors = formatErrors, Output = "The submission cannot be graded." }, clock, progress);
        try
        {
            progress?.Report(new GradingProgress(GradingPhase.Preparing, 0, 0, "preparing test cases"));
            var cases = await TestCaseSource.LoadAsync(task, settings, sandboxes, _generated, ct);
            var findings = await Precheck.RunAsync(task, submission, sandboxes, ct);
            var run = new SubmissionRun(task, sandboxes, settings, progress, time);
            var outcome = await run.RunAsync(submission, cases, findings, ct);
            var precheckReport = findings.Count == 0 ? "" : "Precheck found:\n" + string.Join('\n', findings) + "\n";
            result = result with
            {
                MaxScore = Scoring.MaxScore(task, outcome.Absent),
                Tests = outcome.Tests,
                Score = Scoring.Total(outcome.Tests.Select(t => t.Score)),
                Output = (precheckReport + Scoring.AbsentReport(outcome.Absent) + outcome.Output).TrimEnd(),
                Phases = phases with { Built = outcome.Built, Tested = time.GetUtcNow() },
                Metrics = outcome.Evidence.Metrics,
                Leaderboard = outcome.Evidence.Leaderboard,
                Artifacts = outcome.Evidence.Artifacts,
                ArtifactFiles = outcome.Evidence.ArtifactFiles,
            };
        }
        catch (SandboxException e)
        {
            result = PlatformError(result, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else breaks here is the platform's bug, never the applicant's verdict.
            result = PlatformError(result, $"{e.GetType().Name}: {e.Message}");
        }
        return Finish(result, clock, progress);
    }

    private static GradingResult PlatformError(GradingResult result, string error) =>
        result with { Error = error, Tests = [], Score = 0, Output = "Grading failed because of a platform problem; the submission was not judged." };

    private GradingResult Finish(GradingResult result, Stopwatch clock, IProgress<GradingProgress>? progress)
    {
        progress?.Report(new GradingProgress(GradingPhase.Finished, result.Tests.Count, result.Tests.Count));
        return result with
        {
            ExecutionTime = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Phases = result.Phases with { Finished = time.GetUtcNow() },
        };
    }
}

using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>The candidate's side of a grading: one sandbox, the build, then each case in turn.</summary>
internal sealed class SubmissionRun(TaskDefinition task, ISandboxFactory sandboxes, GradingSettings settings,
    IProgress<GradingProgress>? progress, TimeProvider time)
{
    public sealed record Outcome(IReadOnlyList<TestResult> Tests, string Output, DateTimeOffset? Built, CaseEvidence Evidence);

    public async Task<Outcome> RunAsync(IReadOnlyList<SandboxFile> submission, IReadOnlyList<IReadOnlyList<TestCase>> cases,
        IReadOnlyList<PrecheckFinding> findings, CancellationToken ct)
    {
        var total = cases.Sum(c => c.Count);
        var evidence = new CaseEvidence();
        var (box, build) = await SolutionSandbox.StartAsync(task, submission, settings, sandboxes, "candidate",
            () => progress?.Report(new GradingProgress(GradingPhase.Building, 0, total, string.Join(' ', task.Build!.Command))), ct);
        await using var _ = box;
        var output = build is null ? "" : SolutionSandbox.BuildReport(build);
        if (build is { Status: not SandboxStatus.OK })
            return new Outcome(NotRun(cases, "Not run: the build failed.\n" + output), output, null, evidence);
        var built = time.GetUtcNow();
        await using var checker = new ProgramChecker(sandboxes, task);
        await using var reference = new ReferenceRunner(task, sandboxes, settings);
        var runner = new CaseRunner(task, box, checker, reference, evidence, submission);
        var tests = new List<TestResult>();
        foreach (var index in RunOrder())
        {
            var group = task.Groups[index];
            var caseMax = Scoring.CaseMaxScore(group.Weight, cases[index].Count);
            foreach (var testCase in cases[index])
            {
                var name = $"{group.Name}/{testCase.Name}";
                progress?.Report(new GradingProgress(GradingPhase.Testing, tests.Count, total, name));
                var forbidden = findings.Where(f => f.Covers(name)).ToList();
                var test = forbidden.Count > 0
                    ? Forbidden(group, testCase, caseMax, forbidden)
                    : await runner.RunAsync(group, testCase, caseMax,
                        () => progress?.Report(new GradingProgress(GradingPhase.Checking, tests.Count, total, name)), ct);
                tests.Add(test);
                progress?.Report(new GradingProgress(GradingPhase.Testing, tests.Count, total, name, test));
            }
        }
        return new Outcome(tests, output, built, evidence);
    }

    // Visible groups first, then the rest, each in the package's order.
    private IEnumerable<int> RunOrder() =>
        Enumerable.Range(0, task.Groups.Count).OrderBy(i => task.Groups[i].Visibility == TestVisibility.Visible ? 0 : 1);

    private static TestResult Forbidden(TestGroupDefinition group, TestCase testCase, double caseMax, IReadOnlyList<PrecheckFinding> findings) => new()
    {
        Name = $"{group.Name}/{testCase.Name}",
        Number = testCase.Name,
        Group = group.Name,
        Visibility = group.Visibility.ToSnakeCase(),
        Verdict = TestVerdict.SV,
        MaxScore = Math.Round(caseMax, 6),
        Output = "Not run: the submission uses something this task forbids.\n" + string.Join('\n', findings),
    };

    private List<TestResult> NotRun(IReadOnlyList<IReadOnlyList<TestCase>> cases, string output) =>
        [.. Enumerable.Range(0, task.Groups.Count).SelectMany(i => cases[i].Select(c => new TestResult
        {
            Name = $"{task.Groups[i].Name}/{c.Name}",
            Number = c.Name,
            Group = task.Groups[i].Name,
            Visibility = task.Groups[i].Visibility.ToSnakeCase(),
            Verdict = TestVerdict.CE,
            MaxScore = Math.Round(Scoring.CaseMaxScore(task.Groups[i].Weight, cases[i].Count), 6),
            Output = output,
        }))];
}

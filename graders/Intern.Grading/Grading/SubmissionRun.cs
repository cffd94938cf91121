using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>The candidate's side of a grading: one sandbox, the build, then each case in turn.</summary>
internal sealed class SubmissionRun(TaskDefinition task, ISandboxFactory sandboxes, GradingSettings settings,
    IProgress<GradingProgress>? progress, TimeProvider time)
{
    // Absent: groups the submission declined (an optional server it does not offer); they count for nothing either way.
    public sealed record Outcome(IReadOnlyList<TestResult> Tests, string Output, DateTimeOffset? Built, CaseEvidence Evidence,
        IReadOnlyList<TestGroupDefinition> Absent);

    public async Task<Outcome> RunAsync(IReadOnlyList<SandboxFile> submission, IReadOnlyList<IReadOnlyList<TestCase>> cases,
        IReadOnlyList<PrecheckFinding> findings, CancellationToken ct)
    {
        var total = Enumerable.Range(0, task.Groups.Count).Sum(i => TestCount(task.Groups[i], cases[i]));
        var evidence = new CaseEvidence();
        using var inputs = MountedInputs.CreateFor(settings, cases.SelectMany(c => c));
        var (box, build) = await SolutionSandbox.StartAsync(task, submission, settings, sandboxes, "candidate",
            () => progress?.Report(new GradingProgress(GradingPhase.Building, 0, total, string.Join(' ', task.Build!.Command))), ct,
            inputs?.HostDirectory);
        await using var _ = box;
        var output = build is null ? "" : SolutionSandbox.BuildReport(build);
        if (build is { Status: not SandboxStatus.OK })
            return new Outcome(NotRun(cases, "Not run: the build failed.\n" + output), output, null, evidence, []);
        var built = time.GetUtcNow();
        await using var checker = new ProgramChecker(sandboxes, task, inputs);
        await using var reference = new ReferenceRunner(task, sandboxes, settings, inputs);
        var runner = new CaseRunner(task, box, checker, reference, evidence, submission, inputs);
        var tests = new List<TestResult>();
        var absent = new List<TestGroupDefinition>();
        foreach (var index in RunOrder())
        {
            var group = task.Groups[index];
            if (group.Serve is not null)
            {
                if (await RunServedAsync(group, cases[index], box, evidence, findings, tests.Count, total, ct) is { } served)
                {
                    tests.AddRange(served);
                }
                else
                {
                    // Its steps will not run: the progress counts only what is left to do, so that it still ends full.
                    absent.Add(group);
                    total -= TestCount(group, cases[index]);
                    progress?.Report(new GradingProgress(GradingPhase.Testing, tests.Count, total, $"{group.Name} (not offered by the submission)"));
                }
                continue;
            }
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
        return new Outcome(tests, output, built, evidence, absent);
    }

    private async Task<IReadOnlyList<TestResult>?> RunServedAsync(TestGroupDefinition group, IReadOnlyList<TestCase> groupCases, ISandbox box,
        CaseEvidence evidence, IReadOnlyList<PrecheckFinding> findings, int done, int total, CancellationToken ct)
    {
        if (groupCases.Count != 1)
            throw new SandboxException($"The served group '{group.Name}' needs exactly one case (its inputs), not {groupCases.Count}.");
        var forbidden = findings.Where(f => group.Serve!.Steps.Any(s => f.Covers($"{group.Name}/{s.Name}"))).ToList();
        if (forbidden.Count > 0)
            return StepTests(group, TestVerdict.SV, "Not run: the submission uses something this task forbids.\n" + string.Join('\n', forbidden));
        var runner = new ServedGroupRunner(task, box, sandboxes, evidence);
        var tests = await runner.RunAsync(group, groupCases[0],
            phase => progress?.Report(new GradingProgress(GradingPhase.Testing, done, total, $"{group.Name} (server start {phase} of {group.Serve!.Phases})")), ct);
        if (tests is null)
            return null;
        for (var i = 0; i < tests.Count; i++)
            progress?.Report(new GradingProgress(GradingPhase.Testing, done + i + 1, total, tests[i].Name, tests[i]));
        return tests;
    }

    private static int TestCount(TestGroupDefinition group, IReadOnlyList<TestCase> groupCases) =>
        group.Serve is { } serve ? serve.Steps.Count : groupCases.Count;

    private static List<TestResult> StepTests(TestGroupDefinition group, TestVerdict verdict, string output) =>
        [.. group.Serve!.Steps.Select(s => new TestResult
        {
            Name = $"{group.Name}/{s.Name}",
            Number = s.Name,
            Group = group.Name,
            Visibility = group.Visibility.ToSnakeCase(),
            Verdict = verdict,
            MaxScore = Math.Round(group.Weight * s.Weight / group.Serve.TotalWeight, 6),
            Output = output,
        })];

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
        [.. Enumerable.Range(0, task.Groups.Count).SelectMany(i => task.Groups[i].Serve is not null
            ? StepTests(task.Groups[i], TestVerdict.CE, output)
            : cases[i].Select(c => new TestResult
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

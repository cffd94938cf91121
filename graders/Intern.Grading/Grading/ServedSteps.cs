using System.Globalization;
using System.Text;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>How the server fared during one phase of a served group's journey.</summary>
/// <param name="Phase">1-based.</param>
/// <param name="Server">The server's run; status OK when it ran until the grader stopped it.</param>
/// <param name="EndedByItself">It ended before the grader stopped it (crashed, or hit a limit).</param>
public sealed record ServedPhase(int Phase, RunResult Server, bool EndedByItself);

/// <summary>Turns the steps a checker reported over the phases into one test per declared step.</summary>
public static class ServedSteps
{
    private const int StderrExcerpt = 1500;

    /// <summary>One test per declared step, in the package's order; a step no phase reported earns nothing.</summary>
    /// <param name="group">A served group.</param>
    /// <param name="commandLine">How the server was started, shown in each test's output.</param>
    /// <param name="reported">Each reported step with the phase that reported it.</param>
    /// <param name="phases">Every phase that ran, in order.</param>
    public static IReadOnlyList<TestResult> Tests(TestGroupDefinition group, string commandLine,
        IReadOnlyList<(StepOutcome Step, int Phase)> reported, IReadOnlyList<ServedPhase> phases)
    {
        ArgumentNullException.ThrowIfNull(group);
        var serve = group.Serve ?? throw new ArgumentException("The group is not a served group.", nameof(group));
        var tests = new List<TestResult>();
        foreach (var declared in serve.Steps)
        {
            var max = group.Weight * declared.Weight / serve.TotalWeight;
            var found = reported.FirstOrDefault(r => r.Step.Name == declared.Name);
            var step = found.Step ?? new StepOutcome(declared.Name, 0, "The checker did not reach this step.", null);
            var phase = found.Step is null ? (phases.Count == 0 ? null : phases[^1]) : phases.FirstOrDefault(p => p.Phase == found.Phase);
            tests.Add(new TestResult
            {
                Name = $"{group.Name}/{declared.Name}",
                Number = declared.Name,
                Group = group.Name,
                Visibility = group.Visibility.ToSnakeCase(),
                Verdict = Verdict(step.Score, phase),
                Score = Math.Round(max * step.Score, 6),
                MaxScore = Math.Round(max, 6),
                Output = Explain(commandLine, step, phase),
                TimeMs = phase is null ? 0 : (long)phase.Server.CpuTime.TotalMilliseconds,
                MemoryKb = phase?.Server.PeakMemoryKb ?? 0,
            });
        }
        return tests;
    }

    /// <summary>A step that fell short while the server was down carries the server's verdict (RE, TLE ...), not WA.</summary>
    public static TestVerdict Verdict(double score, ServedPhase? phase)
    {
        if (score >= 1)
            return TestVerdict.AC;
        if (phase is { EndedByItself: true } && phase.Server.Status != SandboxStatus.OK)
            return CaseJudge.Verdict(phase.Server.Status, null);
        return score > 0 ? TestVerdict.PA : TestVerdict.WA;
    }

    private static string Explain(string commandLine, StepOutcome step, ServedPhase? phase)
    {
        var text = new StringBuilder();
        text.Append("$ ").Append(commandLine);
        if (phase is not null && phase.Phase > 1)
            text.Append("   (started again on the same data folder: phase ").Append(phase.Phase.ToString(CultureInfo.InvariantCulture)).Append(')');
        text.AppendLine();
        if (step.Message.Length > 0)
            text.AppendLine(step.Message);
        if (phase is { EndedByItself: true } && step.Score < 1)
        {
            var server = phase.Server;
            var how = server.Status == SandboxStatus.OK ? "exited with code 0" : $"{server.Status}: {server.Message}";
            text.Append("The server ended during phase ").Append(phase.Phase.ToString(CultureInfo.InvariantCulture))
                .Append(" before the checker was done (").Append(how).AppendLine(").");
            if (!server.Stderr.IsEmpty)
            {
                var stderr = Encoding.UTF8.GetString(server.Stderr.Span);
                if (stderr.Length > StderrExcerpt)
                    stderr = "..." + stderr[^StderrExcerpt..];
                text.AppendLine("server stderr:").AppendLine(stderr.TrimEnd());
            }
        }
        return text.ToString().TrimEnd();
    }
}

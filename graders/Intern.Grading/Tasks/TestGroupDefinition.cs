using Intern.Grading.Checking;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Tasks;

/// <summary>
/// A group of test cases that share a weight, a visibility, a checker and limits. Its cases come
/// either from <see cref="TestsDirectory"/> or from <see cref="Generator"/>, never both.
/// </summary>
public sealed record TestGroupDefinition
{
    public required string Name { get; init; }
    public required TestVisibility Visibility { get; init; }

    /// <summary>Points of this group; the auto-graded maximum is the sum over groups.</summary>
    public required double Weight { get; init; }

    /// <summary>Absolute path of the directory holding NAME.in / NAME.ans / NAME.args, or null for a generated group.</summary>
    public string? TestsDirectory { get; init; }

    public GeneratorDefinition? Generator { get; init; }
    public required CheckerSpec Checker { get; init; }

    /// <summary>The run limits of the task with this group's overrides merged over them.</summary>
    public required RunLimits Limits { get; init; }

    /// <summary>Scoring by wall time relative to the package's reference solution, or null.</summary>
    public TimingDefinition? Timing { get; init; }

    /// <summary>
    /// What this group's cases run in the candidate's sandbox instead of the task's <c>run.command</c>
    /// (the case's arguments are appended), or null for the task's. Lets a group judge submitted files
    /// (declared <c>outputs</c>) without starting the candidate's program, e.g. <c>[ls, -l, models]</c>.
    /// </summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>
    /// When set, the candidate's program runs as a server judged by the group's checker through its loopback,
    /// and each journey step is a test (see <see cref="ServeDefinition"/>); the group has exactly one case,
    /// whose input files the checker receives.
    /// </summary>
    public ServeDefinition? Serve { get; init; }
}

/// <summary>
/// A trusted program that writes a group's cases at grading time. The grader appends
/// <c>SEED COUNT OUT_DIR</c> to <see cref="Command"/>.
/// </summary>
/// <param name="Command">Argument vector of the generator, run with the task's checker image.</param>
/// <param name="Seed">A fixed seed, or null when it is derived from the deployment's secret (see <see cref="SecretSeed"/>).</param>
/// <param name="Count">How many cases to generate, 1 to 1000.</param>
public sealed record GeneratorDefinition(IReadOnlyList<string> Command, long? Seed, int Count);

/// <summary>
/// Speed scoring against a reference solution of the package, run on the same case in the same
/// grading. Full points up to <see cref="FullWithin"/> times the reference's wall time, none from
/// <see cref="NoneBeyond"/> times (linear in the logarithm of the ratio in between); the candidate's
/// wall-time limit for the case is <see cref="NoneBeyond"/> times the reference's.
/// </summary>
/// <param name="ReferenceDirectory">Absolute path of the reference solution's folder.</param>
/// <param name="FullWithin">Largest ratio of wall times that still earns full points.</param>
/// <param name="NoneBeyond">Ratio from which no points are earned; also the time limit as a multiple of the reference.</param>
public sealed record TimingDefinition(string ReferenceDirectory, double FullWithin, double NoneBeyond);

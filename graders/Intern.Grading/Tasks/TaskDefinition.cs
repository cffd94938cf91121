using Intern.Grading.Checking;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Tasks;

/// <summary>
/// A validated task package, as read from <c>task.yaml</c> by <see cref="TaskLoader"/>. Every
/// default is already applied and every path is absolute, so consumers never re-read the YAML.
/// </summary>
public sealed record TaskDefinition
{
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public required string Track { get; init; }
    public required int Version { get; init; }

    /// <summary>Languages a submission may use, from python, c, cpp, go, java, rust, javascript.</summary>
    public required IReadOnlyList<string> Languages { get; init; }

    /// <summary>Runtime image of candidate code.</summary>
    public required string Image { get; init; }

    /// <summary>Image of trusted code: program checkers and generators. Defaults to <see cref="Image"/>.</summary>
    public required string CheckerImage { get; init; }

    /// <summary>Relative paths that must exist at the submission root, or the submission is not gradable.</summary>
    public required IReadOnlyList<string> Required { get; init; }

    /// <summary>Build stage, or null when the task declares none. It runs only if the submission has the file named by <c>Command[0]</c>.</summary>
    public StageDefinition? Build { get; init; }

    /// <summary>How each test runs; a test's arguments are appended to the command.</summary>
    public required StageDefinition Run { get; init; }

    public required SandboxSettings Sandbox { get; init; }

    /// <summary>Checker of groups that do not name their own.</summary>
    public required CheckerSpec DefaultChecker { get; init; }

    /// <summary>Relative paths (files or directories under the run's work dir) that a test writes and the checker receives.</summary>
    public required IReadOnlyList<string> Outputs { get; init; }

    public required ScoringWeights Scoring { get; init; }
    public required IReadOnlyList<TestGroupDefinition> Groups { get; init; }
    public required DeadlinePolicy Deadline { get; init; }

    /// <summary>
    /// Each case starts from the submission as uploaded: <c>/box/work</c> is restored and <c>/tmp</c> emptied
    /// before it, so that code run in one case cannot change what a later case runs (or stash a hidden input).
    /// Only for tasks without a build stage, whose outputs would be lost.
    /// </summary>
    public bool IsolateCases { get; init; }

    /// <summary>A trusted program that reads the submission's files before anything runs, or null.</summary>
    public PrecheckDefinition? Precheck { get; init; }

    /// <summary>Review criteria from <c>rubric.yaml</c>, or null when the package has none.</summary>
    public Rubric? Rubric { get; init; }

    /// <summary>Absolute path of the package directory.</summary>
    public required string Directory { get; init; }

    /// <summary>Points of the auto-graded part: the sum of the group weights.</summary>
    public double MaxAutoScore => Groups.Sum(g => g.Weight);
}

/// <summary>A command (argument vector, never a shell string) with the limits of each of its runs.</summary>
public sealed record StageDefinition(IReadOnlyList<string> Command, RunLimits Limits);

/// <summary>Limits of the sandbox as a whole, shared by every run in it.</summary>
public sealed record SandboxSettings
{
    public int Pids { get; init; } = 128;
    public double Cpus { get; init; } = 1.0;

    /// <summary>Cores to pin candidate sandboxes to (e.g. "1"), for fair timing; null leaves it to the deployment.</summary>
    public string? Cpuset { get; init; }
    public long WorkDirBytes { get; init; } = 256L << 20;
    public long TmpBytes { get; init; } = 64L << 20;
}

/// <summary>How the final score splits between the auto-graded part and the reviewers' rubric.</summary>
public sealed record ScoringWeights
{
    public double Auto { get; init; } = 100;
    public double Review { get; init; }
}

/// <summary>Defaults that a hiring round starts from; a campaign may override them.</summary>
public sealed record DeadlinePolicy
{
    public double LatePenaltyPercentPerDay { get; init; }
    public TimeSpan Grace { get; init; }
}

/// <summary>
/// A trusted program run in the checker image with the submission's files at <c>/box/submission</c>.
/// It prints <c>{"findings": [{"file", "line", "message", "tests": [name prefixes]}]}</c>; every test a
/// finding covers gets SV (see docs/task-packages.md).
/// </summary>
public sealed record PrecheckDefinition(IReadOnlyList<string> Command);

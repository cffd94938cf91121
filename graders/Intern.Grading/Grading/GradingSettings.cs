namespace Intern.Grading.Grading;

/// <summary>Settings of a grader that are the deployment's, not the task's.</summary>
public sealed record GradingSettings
{
    /// <summary>Secret from which hidden test seeds are derived; keep it out of task packages.</summary>
    public string DeploymentSecret { get; init; } = "intern-local-development-secret";

    /// <summary>Optional cpuset for candidate sandboxes (fair timing on pinned cores).</summary>
    public string? Cpuset { get; init; }

    /// <summary>
    /// A host folder for generated cases (kept across gradings and processes, see <see cref="CaseStore"/>) and for
    /// the folders that large inputs are mounted from. Null: generated cases live in memory only and every input is
    /// copied into the sandboxes. Mounting needs the Docker engine to see this folder at the same path (same host,
    /// or the same path bound into a worker's container).
    /// </summary>
    public string? CaseDirectory { get; init; }

    /// <summary>
    /// A generated folder case whose input holds more bytes than this stays on disk and is mounted read-only into the
    /// sandboxes instead of copied (needs <see cref="CaseDirectory"/>). Only large inputs are mounted: small ones cost
    /// nothing to copy, and a copied input works on any engine, local or remote, and lives in /box like every other
    /// file of the run. Large ones cannot be copied: /box is a tmpfs charged to the sandbox's memory, so a log of
    /// 300 MB copied beside a 256 MiB limit would leave the program no room, and three copies per grading
    /// (reference, candidate, checker) would pass through the grader's memory as well.
    /// </summary>
    public long MountInputsAbove { get; init; } = 16L << 20;
}

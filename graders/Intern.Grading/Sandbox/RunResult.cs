namespace Intern.Grading.Sandbox;

/// <summary>
/// What a run did. <see cref="Status"/> is the verdict of the sandbox alone (did the program end
/// normally and within limits); whether its output is right is decided outside, by a checker.
/// </summary>
public sealed record RunResult
{
    public required SandboxStatus Status { get; init; }

    /// <summary>Exit code when the program exited by itself, otherwise null.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Signal number that ended the program, otherwise null.</summary>
    public int? Signal { get; init; }

    public TimeSpan CpuTime { get; init; }
    public TimeSpan WallTime { get; init; }
    public long PeakMemoryKb { get; init; }
    public ReadOnlyMemory<byte> Stdout { get; init; }
    public ReadOnlyMemory<byte> Stderr { get; init; }

    /// <summary>Files copied out, already checked: regular files only, inside the root, within size limits.</summary>
    public IReadOnlyList<SandboxFile> Files { get; init; } = [];

    /// <summary>Human-readable reason for a non-OK status, e.g. "wall time limit of 5 s exceeded".</summary>
    public string Message { get; init; } = "";
}

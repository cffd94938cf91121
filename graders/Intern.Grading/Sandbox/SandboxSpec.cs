namespace Intern.Grading.Sandbox;

/// <summary>
/// What a sandbox is started with. Limits here hold for the sandbox as a whole (every process in it
/// together); per-run limits are in <see cref="RunLimits"/>.
/// </summary>
public sealed record SandboxSpec
{
    /// <summary>Runtime image, e.g. <c>intern/python</c>. It must provide <c>/usr/bin/python3</c> for the supervisor.</summary>
    public required string Image { get; init; }

    /// <summary>Memory available to programs, in bytes. The size of the scratch file systems is added on top, because tmpfs pages are charged to the same cgroup.</summary>
    public long MemoryBytes { get; init; } = 256L << 20;

    /// <summary>Most processes and threads alive at once (fork bombs stop here).</summary>
    public int Pids { get; init; } = 128;

    /// <summary>CPU quota in cores (1.0 = one full core).</summary>
    public double Cpus { get; init; } = 1.0;

    /// <summary>Optional cpuset pinning, e.g. <c>"1"</c> or <c>"0-1"</c>; null leaves scheduling to the kernel.</summary>
    public string? Cpuset { get; init; }

    /// <summary>Size of the writable work file system at <c>/box</c>, in bytes.</summary>
    public long WorkDirBytes { get; init; } = 64L << 20;

    /// <summary>Size of the writable <c>/tmp</c>, in bytes.</summary>
    public long TmpBytes { get; init; } = 16L << 20;

    /// <summary>
    /// <see cref="ISandbox.Id"/> of a running sandbox whose network namespace this one joins, or null for a
    /// namespace of its own. Sandboxes have no network, so the shared namespace holds a loopback only:
    /// the two reach each other over 127.0.0.1 and nothing else (a browser checker and a candidate's server).
    /// </summary>
    public string? JoinNetworkOf { get; init; }

    /// <summary>
    /// A host directory mounted read-only at <see cref="InputsMountPoint"/>, or null for none. It carries test inputs
    /// too large for <c>/box</c>: /box is a tmpfs whose pages count against the sandbox's memory, so a 300 MB log
    /// could not sit beside a 256 MiB limit, while pages read from a disk-backed mount are page cache the kernel
    /// reclaims. Programs can read the directory but never write it. The engine must see the grader's file system
    /// (same host), and the caller owns the directory: it may change its contents between runs, and must put
    /// nothing there that the sandbox's programs may not read.
    /// </summary>
    public string? InputsDirectory { get; init; }

    /// <summary>Where <see cref="InputsDirectory"/> appears inside the sandbox.</summary>
    public const string InputsMountPoint = "/inputs";

    /// <summary>Why the sandbox exists (shown in container labels and logs), e.g. <c>candidate</c>, <c>checker</c>, <c>generator</c>.</summary>
    public string Role { get; init; } = "candidate";
}

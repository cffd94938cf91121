namespace Intern.Grading.Sandbox;

/// <summary>
/// One program run inside a started sandbox. The command is an argument vector, never a shell
/// string. Paths are relative to the sandbox root <c>/box</c>.
/// </summary>
public sealed record RunRequest
{
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Working directory relative to <c>/box</c>; created when missing.</summary>
    public string WorkingDirectory { get; init; } = "work";

    /// <summary>File (relative to <c>/box</c>) that becomes stdin; null means an empty stdin.</summary>
    public string? StdinPath { get; init; }

    /// <summary>Extra environment variables. PATH, HOME, LANG and TMPDIR are set by the sandbox.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Folders (relative to <c>/box</c>) emptied or created just before the run, e.g. an output folder.</summary>
    public IReadOnlyList<string> EmptyDirectories { get; init; } = [];

    /// <summary>Empty <c>/tmp</c> before the run, so nothing an earlier run left there is seen.</summary>
    public bool ClearTmp { get; init; }

    /// <summary>Files copied in before the run, relative to <c>/box</c>.</summary>
    public IReadOnlyList<SandboxFile> FilesIn { get; init; } = [];

    /// <summary>Files or directories (relative to <c>/box</c>) copied out after a run that ended OK; missing ones are skipped.</summary>
    public IReadOnlyList<string> FilesOut { get; init; } = [];

    public RunLimits Limits { get; init; } = new();
}

/// <summary>Limits of one run. Durations are <see cref="TimeSpan"/>s, sizes are bytes.</summary>
public sealed record RunLimits
{
    public TimeSpan CpuTime { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan WallTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Peak resident memory of the run; going over it is MLE even if the program finished.</summary>
    public long MemoryBytes { get; init; } = 256L << 20;
    public long StdoutBytes { get; init; } = 8L << 20;
    public long StderrBytes { get; init; } = 1L << 20;

    /// <summary>Largest file the program may write (RLIMIT_FSIZE); going over it is OLE.</summary>
    public long FileSizeBytes { get; init; } = 32L << 20;
    public int OpenFiles { get; init; } = 256;

    /// <summary>Total size of the files copied out; more is OLE.</summary>
    public long FilesOutBytes { get; init; } = 32L << 20;
}

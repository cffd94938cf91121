using Intern.Grading.Sandbox;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>Reads <c>build</c>, <c>run</c>, <c>limits</c> and <c>sandbox</c> sections of task.yaml.</summary>
internal static partial class StageSection
{
    private static readonly string[] StageKeys = ["command", "limits"];
    private static readonly string[] LimitKeys =
        ["cpu_time", "wall_time", "memory", "stdout", "stderr", "file_size", "open_files", "files_out"];
    private static readonly string[] SandboxKeys = ["pids", "cpus", "cpuset", "work_dir", "tmp"];

    public static readonly RunLimits BuildDefaults = new()
    {
        CpuTime = TimeSpan.FromSeconds(60),
        WallTime = TimeSpan.FromSeconds(120),
        MemoryBytes = 1L << 30,
        StdoutBytes = 1L << 20,
        StderrBytes = 1L << 20,
        // Compilers and linkers write object files far larger than any test's output.
        FileSizeBytes = 256L << 20,
    };

    public static StageDefinition? Stage(YamlReader r, YamlNode node, string field, string defaultCommand, RunLimits defaults)
    {
        var m = r.Mapping(node, field, StageKeys);
        if (m is null)
            return null;
        var command = m["command"] is { } c ? r.Strings(c, m.Field("command"), nonEmpty: true) : [defaultCommand];
        var limits = Limits(r, m["limits"], m.Field("limits"), defaults);
        return command is null ? null : new StageDefinition(command, limits);
    }

    /// <summary>Reads a limits mapping merged key by key over <paramref name="defaults"/>.</summary>
    public static RunLimits Limits(YamlReader r, YamlNode? node, string field, RunLimits defaults)
    {
        if (node is null || r.Mapping(node, field, LimitKeys) is not { } m)
            return defaults;
        var limits = defaults;
        if (m["cpu_time"] is { } cpu && r.Duration(cpu, m.Field("cpu_time"), allowZero: false) is { } cpuTime)
            limits = limits with { CpuTime = cpuTime };
        if (m["wall_time"] is { } wall && r.Duration(wall, m.Field("wall_time"), allowZero: false) is { } wallTime)
            limits = limits with { WallTime = wallTime };
        if (m["memory"] is { } memory && r.Size(memory, m.Field("memory")) is { } memoryBytes)
            limits = limits with { MemoryBytes = memoryBytes };
        if (m["stdout"] is { } stdout && r.Size(stdout, m.Field("stdout")) is { } stdoutBytes)
            limits = limits with { StdoutBytes = stdoutBytes };
        if (m["stderr"] is { } stderr && r.Size(stderr, m.Field("stderr")) is { } stderrBytes)
            limits = limits with { StderrBytes = stderrBytes };
        if (m["file_size"] is { } fileSize && r.Size(fileSize, m.Field("file_size")) is { } fileSizeBytes)
            limits = limits with { FileSizeBytes = fileSizeBytes };
        if (m["open_files"] is { } open && r.Integer(open, m.Field("open_files"), 16, 65_536, "an integer from 16 to 65536") is { } openFiles)
            limits = limits with { OpenFiles = (int)openFiles };
        if (m["files_out"] is { } filesOut && r.Size(filesOut, m.Field("files_out")) is { } filesOutBytes)
            limits = limits with { FilesOutBytes = filesOutBytes };
        return limits;
    }

    public static SandboxSettings Sandbox(YamlReader r, YamlNode? node)
    {
        var settings = new SandboxSettings();
        if (node is null || r.Mapping(node, "sandbox", SandboxKeys) is not { } m)
            return settings;
        if (m["pids"] is { } pids && r.Integer(pids, m.Field("pids"), 1, 65_536, "an integer from 1 to 65536") is { } pidCount)
            settings = settings with { Pids = (int)pidCount };
        if (m["cpus"] is { } cpus && r.Number(cpus, m.Field("cpus"), v => v > 0 && v <= 256, "a number of cores greater than 0") is { } cores)
            settings = settings with { Cpus = cores };
        if (m["cpuset"] is { } cpuset && r.Text(cpuset, m.Field("cpuset")) is { } cpusetText)
        {
            if (CpusetPattern().IsMatch(cpusetText))
                settings = settings with { Cpuset = cpusetText };
            else
                r.Expected(cpuset, m.Field("cpuset"), "a cpuset such as \"1\", \"0-1\" or \"0,2\"");
        }
        if (m["work_dir"] is { } work && r.Size(work, m.Field("work_dir")) is { } workBytes)
            settings = settings with { WorkDirBytes = workBytes };
        if (m["tmp"] is { } tmp && r.Size(tmp, m.Field("tmp")) is { } tmpBytes)
            settings = settings with { TmpBytes = tmpBytes };
        return settings;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex CpusetPattern();
}

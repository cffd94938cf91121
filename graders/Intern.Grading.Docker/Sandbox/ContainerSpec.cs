using System.Globalization;
using System.Reflection;
using Docker.DotNet.Models;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>Turns a <see cref="SandboxSpec"/> into a hardened container definition.</summary>
internal static class ContainerSpec
{
    public const int SandboxUid = 10001;
    public const string LabelSandbox = "intern.sandbox";
    public const string LabelOwner = "intern.owner";
    public const string LabelRole = "intern.role";

    // Room for the supervisor itself, which lives in the same memory cgroup as the programs.
    private const long SupervisorBytes = 48L << 20;

    public static string SupervisorSource { get; } = LoadSupervisor();

    /// <summary>The container for <paramref name="spec"/>, labelled as <paramref name="owner"/>'s.</summary>
    /// <param name="spec">What the sandbox may use.</param>
    /// <param name="owner">The grader process it belongs to, for sweeping leftovers.</param>
    /// <param name="runtime">The engine's OCI runtime for sandboxes (<c>runsc</c> for gVisor, <c>kata</c>); null: the engine's default.</param>
    public static CreateContainerParameters Build(SandboxSpec spec, string owner, string? runtime = null)
    {
        // The peer must be a container id the engine gave us, never a name or a mode such as "host".
        if (spec.JoinNetworkOf is { } peer && (peer.Length is < 12 or > 64 || !peer.All(char.IsAsciiHexDigitLower)))
            throw new ArgumentException($"JoinNetworkOf must be a sandbox's container id, not '{peer}'.", nameof(spec));
        if (spec.InputsDirectory is { } inputs && (!Path.IsPathFullyQualified(inputs) || inputs.Contains(':', StringComparison.Ordinal)))
            throw new ArgumentException($"InputsDirectory must be an absolute host path, not '{inputs}'.", nameof(spec));
        // nr_inodes: inodes cost kernel memory that tmpfs "size" does not count, and that memory is
        // charged to the container, so a flood of empty files could otherwise starve the supervisor.
        var tmpfsOptions = "rw,exec,nosuid,nodev,size={0},nr_inodes={3},uid={1},gid={1},mode={2}";
        return new CreateContainerParameters
        {
            Image = spec.Image,
            User = $"{SandboxUid}:{SandboxUid}",
            Cmd = ["/usr/bin/python3", "-I", "-S", "-c", SupervisorSource],
            WorkingDir = "/box",
            Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"],
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            OpenStdin = true,
            StdinOnce = true,
            Tty = false,
            // Joining another sandbox's namespace shares its loopback only (sandboxes have no network).
            NetworkDisabled = spec.JoinNetworkOf is null,
            Labels = new Dictionary<string, string>
            {
                [LabelSandbox] = "1",
                [LabelOwner] = owner,
                [LabelRole] = spec.Role,
            },
            HostConfig = new HostConfig
            {
                Runtime = runtime,
                NetworkMode = spec.JoinNetworkOf is null ? "none" : "container:" + spec.JoinNetworkOf,
                ReadonlyRootfs = true,
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                Memory = spec.MemoryBytes + spec.WorkDirBytes + spec.TmpBytes + SupervisorBytes,
                MemorySwap = spec.MemoryBytes + spec.WorkDirBytes + spec.TmpBytes + SupervisorBytes,
                PidsLimit = spec.Pids,
                NanoCPUs = (long)(spec.Cpus * 1e9),
                CpusetCpus = spec.Cpuset ?? "",
                IpcMode = "private",
                ShmSize = 8L << 20,
                LogConfig = new LogConfig { Type = "none" },
                // System V shared memory outlives processes and is charged to the container: cap it (16 MiB).
                Sysctls = new Dictionary<string, string>
                {
                    ["kernel.shmmax"] = "16777216",
                    ["kernel.shmall"] = "4096",
                    ["kernel.shmmni"] = "64",
                },
                Tmpfs = new Dictionary<string, string>
                {
                    ["/box"] = string.Format(CultureInfo.InvariantCulture, tmpfsOptions, spec.WorkDirBytes, SandboxUid, "0755", Inodes(spec.WorkDirBytes)),
                    ["/tmp"] = string.Format(CultureInfo.InvariantCulture, tmpfsOptions, spec.TmpBytes, SandboxUid, "1777", Inodes(spec.TmpBytes)),
                },
                Mounts = spec.InputsDirectory is null ? null : [InputsMount(spec.InputsDirectory)],
                Ulimits =
                [
                    new Ulimit { Name = "core", Soft = 0, Hard = 0 },
                    // Per-run file size and open-file limits are set by the supervisor below these ceilings.
                    new Ulimit { Name = "nofile", Soft = 4096, Hard = 4096 },
                ],
            },
        };
    }

    // Read-only and not recursive: nothing mounted below the directory on the host comes along, and no
    // mount event propagates either way. no-new-privileges already makes a set-uid file there harmless.
    private static Mount InputsMount(string directory) => new()
    {
        Type = "bind",
        Source = directory,
        Target = SandboxSpec.InputsMountPoint,
        ReadOnly = true,
        BindOptions = new BindOptions { Propagation = "rprivate", NonRecursive = true },
    };

    /// <summary>One inode per 8 KiB of space, at least 4096: plenty for real programs, bounded for floods.</summary>
    internal static long Inodes(long bytes) => Math.Max(4096, bytes / 8192);

    private static string LoadSupervisor()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Intern.Grading.Docker.supervisor.py")
            ?? throw new InvalidOperationException("The supervisor script is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

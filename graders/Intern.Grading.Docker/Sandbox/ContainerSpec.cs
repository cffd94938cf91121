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

    public static CreateContainerParameters Build(SandboxSpec spec, string owner)
    {
        var tmpfsOptions = "rw,exec,nosuid,nodev,size={0},uid={1},gid={1},mode={2}";
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
            NetworkDisabled = true,
            Labels = new Dictionary<string, string>
            {
                [LabelSandbox] = "1",
                [LabelOwner] = owner,
                [LabelRole] = spec.Role,
            },
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
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
                Tmpfs = new Dictionary<string, string>
                {
                    ["/box"] = string.Format(CultureInfo.InvariantCulture, tmpfsOptions, spec.WorkDirBytes, SandboxUid, "0755"),
                    ["/tmp"] = string.Format(CultureInfo.InvariantCulture, tmpfsOptions, spec.TmpBytes, SandboxUid, "1777"),
                },
                Ulimits =
                [
                    new Ulimit { Name = "core", Soft = 0, Hard = 0 },
                    // Per-run file size and open-file limits are set by the supervisor below these ceilings.
                    new Ulimit { Name = "nofile", Soft = 4096, Hard = 4096 },
                ],
            },
        };
    }

    private static string LoadSupervisor()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Intern.Grading.Docker.supervisor.py")
            ?? throw new InvalidOperationException("The supervisor script is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

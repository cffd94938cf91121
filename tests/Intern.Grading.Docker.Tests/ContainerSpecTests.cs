using Intern.Grading.Docker.Sandbox;
using Intern.Grading.Sandbox;
using CreateContainerParameters = Docker.DotNet.Models.CreateContainerParameters;

namespace Intern.Grading.Docker.Tests;

// Pure: builds the container definition without talking to an engine, so it needs no collection fixture.
public class ContainerSpecTests
{
    private const string Owner = "grader-7f3a";

    private static readonly SandboxSpec Spec = new()
    {
        Image = "intern/python",
        MemoryBytes = 512L << 20,
        Pids = 64,
        Cpus = 1.5,
        Cpuset = "2-3",
        WorkDirBytes = 100L << 20,
        TmpBytes = 10L << 20,
        Role = "checker",
    };

    // One row per hardening item of DESIGN.md's sandbox contract; a row's name is its test case's name.
    private static readonly Dictionary<string, Func<CreateContainerParameters, bool>> Hardening = new()
    {
        ["network is none"] = c => c.HostConfig.NetworkMode == "none",
        ["networking is disabled"] = c => c.NetworkDisabled,
        ["root filesystem is read-only"] = c => c.HostConfig.ReadonlyRootfs,
        ["all capabilities are dropped"] = c => c.HostConfig.CapDrop.SequenceEqual(["ALL"]) && (c.HostConfig.CapAdd?.Count ?? 0) == 0,
        ["no new privileges"] = c => c.HostConfig.SecurityOpt.Contains("no-new-privileges"),
        ["not privileged"] = c => !c.HostConfig.Privileged,
        ["user is non-root uid and gid 10001"] = c => c.User == "10001:10001",
        ["swap is off: memory+swap equals memory"] = c => c.HostConfig.MemorySwap == c.HostConfig.Memory,
        ["memory covers the programs and both tmpfs"] = c => c.HostConfig.Memory >= Spec.MemoryBytes + Spec.WorkDirBytes + Spec.TmpBytes,
        ["pids are limited"] = c => c.HostConfig.PidsLimit == Spec.Pids,
        ["cpu quota comes from cpus"] = c => c.HostConfig.NanoCPUs == 1_500_000_000,
        ["cpuset comes from the spec"] = c => c.HostConfig.CpusetCpus == "2-3",
        ["/box is a size-capped tmpfs"] = c => TmpfsOptions(c, "/box").Contains($"size={Spec.WorkDirBytes}"),
        ["/tmp is a size-capped tmpfs"] = c => TmpfsOptions(c, "/tmp").Contains($"size={Spec.TmpBytes}"),
        ["tmpfs are nosuid and nodev"] = c => c.HostConfig.Tmpfs.Values.All(o => o.Split(',').Contains("nosuid") && o.Split(',').Contains("nodev")),
        ["core dumps are off"] = c => c.HostConfig.Ulimits.Any(u => u.Name == "core" && u.Soft == 0 && u.Hard == 0),
        ["open files are capped"] = c => c.HostConfig.Ulimits.Any(u => u.Name == "nofile" && u.Hard > 0),
        ["logs are not kept by the engine"] = c => c.HostConfig.LogConfig.Type == "none",
        ["ipc namespace is private"] = c => c.HostConfig.IpcMode == "private",
        ["no host paths are mounted"] = c => (c.HostConfig.Binds?.Count ?? 0) == 0 && (c.HostConfig.Mounts?.Count ?? 0) == 0,
        ["no devices are passed in"] = c => (c.HostConfig.Devices?.Count ?? 0) == 0,
        ["labelled as an intern sandbox"] = c => c.Labels[ContainerSpec.LabelSandbox] == "1",
        ["labelled with its owner"] = c => c.Labels[ContainerSpec.LabelOwner] == Owner,
        ["labelled with its role"] = c => c.Labels[ContainerSpec.LabelRole] == "checker",
        ["command is an argv starting with python3, not a shell"] = c =>
            c.Cmd[0] == "/usr/bin/python3" && !c.Cmd.Any(a => a is "sh" or "/bin/sh" or "bash" or "/bin/bash"),
        ["image comes from the spec"] = c => c.Image == "intern/python",
    };

    public static TheoryData<string> HardeningItems => [.. Hardening.Keys];

    private static string[] TmpfsOptions(CreateContainerParameters container, string path) =>
        container.HostConfig.Tmpfs.TryGetValue(path, out var options) ? options.Split(',') : [];

    [Theory]
    [MemberData(nameof(HardeningItems))]
    public void Every_container_is_hardened(string item)
    {
        var container = ContainerSpec.Build(Spec, Owner);

        Assert.True(Hardening[item](container), $"Hardening item failed: {item}");
    }

    [Theory]
    [MemberData(nameof(HardeningItems))]
    public void A_container_that_joins_another_ones_loopback_keeps_every_other_hardening_item(string item)
    {
        var container = ContainerSpec.Build(Spec with { JoinNetworkOf = PeerId }, Owner);

        if (item is "network is none" or "networking is disabled")
            Assert.Equal(("container:" + PeerId, false), (container.HostConfig.NetworkMode, container.NetworkDisabled));
        else
            Assert.True(Hardening[item](container), $"Hardening item failed: {item}");
    }

    [Theory]
    [InlineData("host")]
    [InlineData("bridge")]
    [InlineData("candidate-box")]
    [InlineData("0123456789AB")]
    [InlineData("abc")]
    public void Only_a_container_id_can_be_joined(string peer)
    {
        Assert.Throws<ArgumentException>(() => ContainerSpec.Build(Spec with { JoinNetworkOf = peer }, Owner));
    }

    [Theory]
    [MemberData(nameof(HardeningItems))]
    public void A_container_with_mounted_inputs_keeps_every_other_hardening_item(string item)
    {
        var container = ContainerSpec.Build(Spec with { InputsDirectory = "/var/cache/intern/mounts/3f2a" }, Owner);

        if (item is "no host paths are mounted")
            Assert.Single(container.HostConfig.Mounts);
        else
            Assert.True(Hardening[item](container), $"Hardening item failed: {item}");
    }

    [Fact]
    public void Inputs_are_the_one_host_folder_mounted_and_only_for_reading()
    {
        var mount = Assert.Single(ContainerSpec.Build(Spec with { InputsDirectory = "/var/cache/intern/mounts/3f2a" }, Owner).HostConfig.Mounts);

        Assert.Equal(("bind", "/var/cache/intern/mounts/3f2a", "/inputs", true), (mount.Type, mount.Source, mount.Target, mount.ReadOnly));
        Assert.Equal(("rprivate", true), (mount.BindOptions.Propagation, mount.BindOptions.NonRecursive));
    }

    [Theory]
    [InlineData("inputs")]
    [InlineData("../cases")]
    [InlineData("/cases:/box")]
    public void Inputs_must_be_an_absolute_host_path(string directory)
    {
        Assert.Throws<ArgumentException>(() => ContainerSpec.Build(Spec with { InputsDirectory = directory }, Owner));
    }

    private const string PeerId = "4f1c0de2b7a94c3e8d6a5b2c1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    [Fact]
    public void Without_a_cpuset_the_kernel_schedules_freely()
    {
        var container = ContainerSpec.Build(Spec with { Cpuset = null }, Owner);

        Assert.Equal("", container.HostConfig.CpusetCpus);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("runsc", "runsc")]
    public void The_runtime_is_the_engine_default_unless_the_deployment_names_one(string? runtime, string? expected)
    {
        Assert.Equal(expected, ContainerSpec.Build(Spec, Owner, runtime).HostConfig.Runtime);
    }

    [Theory]
    [InlineData(1.0, 1_000_000_000L)]
    [InlineData(0.5, 500_000_000L)]
    [InlineData(2.0, 2_000_000_000L)]
    [InlineData(0.25, 250_000_000L)]
    public void The_cpu_quota_is_cpus_in_billionths(double cpus, long nanoCpus)
    {
        Assert.Equal(nanoCpus, ContainerSpec.Build(Spec with { Cpus = cpus }, Owner).HostConfig.NanoCPUs);
    }

    [Fact]
    public void Memory_grows_with_the_tmpfs_sizes_because_their_pages_are_charged_to_the_same_cgroup()
    {
        var small = ContainerSpec.Build(Spec, Owner).HostConfig.Memory;
        var large = ContainerSpec.Build(Spec with { WorkDirBytes = Spec.WorkDirBytes + (1L << 30) }, Owner).HostConfig.Memory;

        Assert.Equal(1L << 30, large - small);
    }

    [Fact]
    public void The_supervisor_script_is_passed_as_one_argument()
    {
        var container = ContainerSpec.Build(Spec, Owner);

        Assert.Equal(ContainerSpec.SupervisorSource, container.Cmd[^1]);
        Assert.NotEmpty(ContainerSpec.SupervisorSource);
    }
}

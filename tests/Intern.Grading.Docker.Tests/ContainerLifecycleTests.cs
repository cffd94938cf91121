using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Intern.Grading.Docker.Sandbox;
using ContainerSpec = Intern.Grading.Docker.Sandbox.ContainerSpec;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Tests;

/// <summary>Sandbox containers disappear on every path: dispose, cancellation, timeout, and a grader that crashed.</summary>
[Collection(DockerTests.Name)]
public sealed class ContainerLifecycleTests(DockerEngine docker) : IDisposable
{
    private readonly DockerClient _client = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    [Fact]
    public async Task CancelledRunKillsTheProgramAndDisposeRemovesTheContainer()
    {
        var box = (DockerSandbox)await docker.StartAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            box.RunAsync(Hostile.Python("import time\ntime.sleep(60)\n", Hostile.Limits with { WallTime = TimeSpan.FromSeconds(60), CpuTime = TimeSpan.FromSeconds(60) }), cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<SandboxException>(() => box.RunAsync(Hostile.Python("print(1)"), CancellationToken.None));
        await box.DisposeAsync();
        Assert.False(await ExistsAsync(box.ContainerId));
    }

    [Fact]
    public async Task AnUnknownRuntimeIsAPlatformFailureNotAVerdict()
    {
        // Grading:Runtime names a runtime this engine was not configured with (daemon.json "runtimes").
        using var factory = new DockerSandboxFactory("intern-no-such-runtime");
        var error = await Assert.ThrowsAsync<SandboxException>(() =>
            factory.StartAsync(new SandboxSpec { Image = DockerEngine.PythonImage, Role = "test" }, CancellationToken.None));
        Assert.Contains("runtime", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LargeInputStreamsIntoTheSandboxWithoutBeingHeldInItsMemory()
    {
        // 180 MiB into a sandbox whose whole memory budget is under 300 MiB: held in memory and written to tmpfs, it would not fit.
        var spec = new SandboxSpec { Image = DockerEngine.PythonImage, MemoryBytes = 32L << 20, WorkDirBytes = 200L << 20, TmpBytes = 16L << 20 };
        await using var box = await docker.StartAsync(spec);
        var big = new byte[180 << 20];
        var result = await box.RunAsync(new RunRequest
        {
            Command = ["python3", "-c", "import os; print(os.path.getsize('/box/tests/big'))"],
            FilesIn = [new SandboxFile("tests/big", big)],
            Limits = Hostile.Limits,
        }, CancellationToken.None);
        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.Equal($"{180 << 20}\n", Hostile.Text(result.Stdout));
    }

    [Fact]
    public async Task DisposeRemovesTheContainer()
    {
        var box = (DockerSandbox)await docker.StartAsync();
        Assert.True(await ExistsAsync(box.ContainerId));
        await box.DisposeAsync();
        Assert.False(await ExistsAsync(box.ContainerId));
    }

    [Fact]
    public async Task SweepRemovesLeftoversOfDeadGradersOnly()
    {
        var dead = await CreateLabelledAsync($"{Environment.MachineName}:{int.MaxValue - 7}:0");
        var otherHost = await CreateLabelledAsync("some-other-host:1:0");
        try
        {
            await docker.Sandboxes.SweepLeftoversAsync(CancellationToken.None);
            Assert.False(await ExistsAsync(dead));
            Assert.True(await ExistsAsync(otherHost));
        }
        finally
        {
            await ContainerRemoval.ForceRemoveAsync(_client, dead);
            await ContainerRemoval.ForceRemoveAsync(_client, otherHost);
        }
    }

    [Fact]
    public async Task CrashedGraderLeavesAStoppedContainerThatTheNextSweepRemoves()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "intern.dll"), "grade", DockerEngine.FixtureTask, Path.Combine(DockerEngine.FixtureTask, "solutions", "time-limit") })
            start.ArgumentList.Add(arg);
        using var grader = Process.Start(start)!;
        var id = await WaitForCandidateContainerAsync(grader.Id);
        grader.Kill(entireProcessTree: true);
        await grader.WaitForExitAsync();

        // The supervisor sees its stdin close and exits, so the crashed grader's container stops by itself.
        var deadline = Stopwatch.StartNew();
        while ((await _client.Containers.InspectContainerAsync(id)).State.Running && deadline.Elapsed < TimeSpan.FromSeconds(15))
            await Task.Delay(200);
        Assert.False((await _client.Containers.InspectContainerAsync(id)).State.Running);
        await docker.Sandboxes.SweepLeftoversAsync(CancellationToken.None);
        Assert.False(await ExistsAsync(id));
    }

    private async Task<string> WaitForCandidateContainerAsync(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var list = await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
            var mine = list.FirstOrDefault(c => c.Labels.TryGetValue(ContainerSpec.LabelOwner, out var owner)
                && owner.StartsWith($"{Environment.MachineName}:{pid}:", StringComparison.Ordinal)
                && c.Labels.TryGetValue(ContainerSpec.LabelRole, out var role) && role == "candidate");
            if (mine is not null)
                return mine.ID;
            await Task.Delay(100);
        }
        throw new TimeoutException("The grader never started a candidate sandbox.");
    }

    private async Task<string> CreateLabelledAsync(string owner)
    {
        var spec = ContainerSpec.Build(new SandboxSpec { Image = DockerEngine.PythonImage, Role = "test" }, owner);
        return (await _client.Containers.CreateContainerAsync(spec)).ID;
    }

    private async Task<bool> ExistsAsync(string id)
    {
        try
        {
            await _client.Containers.InspectContainerAsync(id);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}

using Docker.DotNet;
using Docker.DotNet.Models;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>
/// Starts sandboxes on a Docker engine (DOCKER_HOST, else the local socket). The first use, and then a use at most every
/// <see cref="SweepEvery"/>, sweeps containers left behind by graders that crashed (see <see cref="ContainerRemoval.IsLeftover"/>):
/// a worker lives for weeks, and what a replaced worker left becomes removable only an hour after it stopped.
/// </summary>
public sealed class DockerSandboxFactory : ISandboxFactory, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How often a grader in use sweeps again.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(15);

    private readonly DockerClient _docker;
    private readonly string _owner = ContainerRemoval.OwnerLabel();
    private readonly SemaphoreSlim _sweeping = new(1, 1);
    private long _sweptAt; // Stopwatch timestamp of the last sweep; 0: none yet

    private readonly string? _runtime;

    /// <param name="runtime">
    /// An OCI runtime the engine knows (its daemon.json "runtimes"), e.g. <c>runsc</c> for gVisor or <c>kata</c>, for a
    /// kernel boundary of its own around each sandbox; null or empty: the engine's default (runc).
    /// </param>
    public DockerSandboxFactory(string? runtime = null)
    {
        _runtime = string.IsNullOrEmpty(runtime) ? null : runtime;
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var endpoint = new Uri(string.IsNullOrEmpty(host) ? "unix:///var/run/docker.sock" : host);
        _docker = new DockerClientConfiguration(endpoint).CreateClient();
    }

    public async Task<ISandbox> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await SweepWhenDueAsync(cancellationToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        string id;
        try
        {
            // Not cancellable: a create cancelled in flight could leave a container whose id we never learn.
            id = (await _docker.Containers.CreateContainerAsync(ContainerSpec.Build(spec, _owner, _runtime), CancellationToken.None)).ID;
        }
        catch (DockerImageNotFoundException e)
        {
            throw new SandboxException($"The runtime image '{spec.Image}' is missing; build it with `./intern images`.", e);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or TimeoutException)
        {
            throw new SandboxException("The Docker engine refused to create a sandbox: " + e.Message, e);
        }
        SupervisorChannel? channel = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(StartTimeout);
            var stream = await _docker.Containers.AttachContainerAsync(id, tty: false,
                new ContainerAttachParameters { Stream = true, Stdin = true, Stdout = true, Stderr = true }, deadline.Token);
            channel = new SupervisorChannel(stream);
            await _docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), deadline.Token);
            var ready = await channel.ReceiveHeaderAsync(deadline.Token);
            if (ready.Ready != true)
                throw new SandboxException("The sandbox supervisor did not report ready: " + channel.Diagnostics);
            SandboxMetrics.Record(SandboxMetrics.Start, started);
            return new DockerSandbox(_docker, id, channel);
        }
        catch (Exception e) when (e is not SandboxException && e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            await CleanUpAsync(id, channel);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
                throw;
            throw new SandboxException("The sandbox did not start: " + e.Message + " " + channel?.Diagnostics, e);
        }
        catch
        {
            await CleanUpAsync(id, channel);
            throw;
        }
    }

    private async Task CleanUpAsync(string id, SupervisorChannel? channel)
    {
        if (channel is not null)
            await channel.DisposeAsync();
        await ContainerRemoval.ForceRemoveAsync(_docker, id);
    }

    /// <summary>
    /// Whether the engine answers a ping within <paramref name="cancellationToken"/>'s time: a worker whose engine is
    /// away can claim no job it could grade, so its readiness says so.
    /// </summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _docker.System.PingAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException
            or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Removes leftovers of crashed graders on this host now; returns how many were removed.</summary>
    public Task<int> SweepLeftoversAsync(CancellationToken cancellationToken) =>
        ContainerRemoval.SweepLeftoversAsync(_docker, cancellationToken);

    private bool SweepDue => Volatile.Read(ref _sweptAt) is var at && (at == 0 || System.Diagnostics.Stopwatch.GetElapsedTime(at) >= SweepEvery);

    private async Task SweepWhenDueAsync(CancellationToken ct)
    {
        if (!SweepDue)
            return;
        await _sweeping.WaitAsync(ct);
        try
        {
            if (SweepDue)
            {
                await SweepLeftoversAsync(ct);
                Volatile.Write(ref _sweptAt, System.Diagnostics.Stopwatch.GetTimestamp());
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or DockerApiException or TimeoutException)
        {
            throw new SandboxException("The Docker engine does not answer: " + e.Message, e);
        }
        finally
        {
            _sweeping.Release();
        }
    }

    public void Dispose()
    {
        _docker.Dispose();
        _sweeping.Dispose();
    }
}

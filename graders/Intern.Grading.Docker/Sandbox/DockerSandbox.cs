using Docker.DotNet;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>
/// One running container with the supervisor as PID 1. Requests are strictly one at a time.
/// Disposal always removes the container, whatever state it is in.
/// </summary>
internal sealed class DockerSandbox : ISandbox
{
    // Time the host waits beyond a run's own wall limit before it declares the supervisor lost.
    private static readonly TimeSpan ReplyGrace = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(2);

    // How long a served program has to end after SIGTERM before it is killed.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private readonly DockerClient _docker;
    private readonly SupervisorChannel _channel;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _lostReason;
    private bool _candidateRan;
    private int _disposed;

    public DockerSandbox(DockerClient docker, string containerId, SupervisorChannel channel)
    {
        _docker = docker;
        ContainerId = containerId;
        _channel = channel;
    }

    public string ContainerId { get; }

    public string Id => ContainerId;

    // The served program in flight, if any: disposal waits for its reply before it frees the gate.
    private ServedProgram? _served;

    public async Task PutFilesAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken)
    {
        var reply = await PutAsync(files, cancellationToken);
        if (reply.Header.Ok != true)
            throw new SandboxException("Copying files into the sandbox failed: " + reply.Header.Error);
    }

    public async Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(new { op = "rm", paths }, ReadOnlyMemory<byte>.Empty, TransferTimeout, cancellationToken);
        // After a run, a failure here is what the program did to its files; the next put reports it as that run's verdict.
        if (reply.Header.Ok != true && !_candidateRan)
            throw new SandboxException("Deleting files in the sandbox failed: " + reply.Header.Error);
    }

    public async Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await PutInputsAsync(request, cancellationToken) is { } refused)
            return refused;
        _candidateRan = true;
        SupervisorExchange reply;
        try
        {
            reply = await ExchangeAsync(SupervisorRequests.Run(request), ReadOnlyMemory<byte>.Empty, request.Limits.WallTime + ReplyGrace, cancellationToken);
        }
        catch (SandboxException) when (_lostReason == OutOfMemory)
        {
            return OutOfMemoryResult;
        }
        return Judge(reply, request.Limits);
    }

    public async Task<IServedProgram> ServeAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await PutInputsAsync(request, cancellationToken) is { } refused)
            return ServedProgram.Ended(refused);
        _candidateRan = true;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await GuardedAsync(async token =>
            {
                await _channel.SendAsync(SupervisorRequests.Serve(request, StopGrace), ReadOnlyMemory<byte>.Empty, token);
                return (SupervisorExchange?)null;
            }, TransferTimeout, cancellationToken);
        }
        catch
        {
            _gate.Release();
            throw;
        }
        // The reply comes when the program ends; until then the gate stays taken, so nothing else is sent but "stop".
        if (_served is not null)
            await _served.AbandonAsync(); // it has ended (the gate was free): this only frees its token source
        var abandon = new CancellationTokenSource();
        var reply = ReceiveServedAsync(request.Limits, abandon);
        _served = new ServedProgram(reply, ct => _channel.SendAsync(new { op = "stop" }, ReadOnlyMemory<byte>.Empty, ct), abandon);
        return _served;
    }

    private async Task<RunResult> ReceiveServedAsync(RunLimits limits, CancellationTokenSource abandon)
    {
        try
        {
            var reply = await GuardedAsync(ReceiveAsync, limits.WallTime + StopGrace + ReplyGrace, abandon.Token);
            return Judge(reply!, limits);
        }
        catch (SandboxException) when (_lostReason == OutOfMemory)
        {
            return OutOfMemoryResult;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static RunResult Judge(SupervisorExchange reply, RunLimits limits)
    {
        if (reply.Header.Status is null)
            throw new SandboxException("The sandbox could not run the program: " + reply.Header.Error);
        return RunResults.From(reply, limits);
    }

    // The run drove the whole container out of memory: that is the program's verdict. Later runs will still fail as lost.
    private static readonly RunResult OutOfMemoryResult =
        new() { Status = SandboxStatus.MLE, Message = "the program exhausted the sandbox's memory and the sandbox was stopped" };

    /// <summary>Copies a run's input files in; a refusal caused by an earlier run is that run's verdict, returned here.</summary>
    private async Task<RunResult?> PutInputsAsync(RunRequest request, CancellationToken cancellationToken)
    {
        if (request.FilesIn.Count > 0)
        {
            var put = await PutAsync(request.FilesIn, cancellationToken);
            if (put.Header.Ok != true)
            {
                if (!_candidateRan)
                    throw new SandboxException("Copying files into the sandbox failed: " + put.Header.Error);
                // The supervisor repairs modes and links a run left behind; what it cannot repair is the program's doing.
                var full = put.Header.Errno is 28 or 122;
                return new RunResult
                {
                    Status = full ? SandboxStatus.OLE : SandboxStatus.SV,
                    Message = (full ? "the work directory is full" : "the work directory was tampered with")
                        + ", so this test's input files could not be written: " + put.Header.Error,
                };
            }
        }
        return null;
    }

    private Task<SupervisorExchange> PutAsync(IReadOnlyList<SandboxFile> files, CancellationToken ct)
    {
        var tar = SandboxTar.Pack(files);
        return ExchangeAsync(new { op = "put", size = tar.Length }, tar, TransferTimeout, ct);
    }

    private const string OutOfMemory = "the container ran out of memory";

    /// <summary>Sends one request and reads its whole reply (header and payloads) within the deadline.</summary>
    private async Task<SupervisorExchange> ExchangeAsync(object request, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var reply = await GuardedAsync(async token =>
            {
                await _channel.SendAsync(request, payload, token);
                return await ReceiveAsync(token);
            }, timeout, ct);
            return reply!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SupervisorExchange?> ReceiveAsync(CancellationToken token)
    {
        var header = await _channel.ReceiveHeaderAsync(token);
        var stdout = await _channel.ReceiveBytesAsync(header.Stdout, token);
        var stderr = await _channel.ReceiveBytesAsync(header.Stderr, token);
        var tar = await _channel.ReceiveBytesAsync(header.Tar, token);
        return new SupervisorExchange(header, stdout, stderr, tar);
    }

    /// <summary>Runs part of an exchange (the gate already held) within the deadline; any failure marks the sandbox lost.</summary>
    private async Task<SupervisorExchange?> GuardedAsync(Func<CancellationToken, Task<SupervisorExchange?>> step, TimeSpan timeout, CancellationToken ct)
    {
        if (_lostReason is not null)
            throw new SandboxException("The sandbox was lost earlier: " + _lostReason);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            return await step(deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _lostReason = $"the supervisor did not answer within {timeout.TotalSeconds:0} s";
            throw new SandboxException("The sandbox stopped answering: " + _lostReason);
        }
        catch (Exception e) when (e is IOException or SandboxException && !ct.IsCancellationRequested)
        {
            _lostReason = await DescribeDeathAsync(e);
            throw new SandboxException("The sandbox was lost: " + _lostReason, e);
        }
        catch (OperationCanceledException)
        {
            // Cancelled mid-exchange: the stream is out of step, so this sandbox cannot be reused.
            _lostReason = "a request was cancelled";
            throw;
        }
    }

    private async Task<string> DescribeDeathAsync(Exception e)
    {
        try
        {
            var state = (await _docker.Containers.InspectContainerAsync(ContainerId, CancellationToken.None)).State;
            return state.OOMKilled ? OutOfMemory : $"the container exited with code {state.ExitCode} ({e.Message})";
        }
        catch (Exception inspect) when (inspect is DockerApiException or HttpRequestException or IOException)
        {
            return e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await _channel.DisposeAsync();
        if (_served is not null)
            await _served.AbandonAsync();
        await ContainerRemoval.ForceRemoveAsync(_docker, ContainerId);
        SandboxMetrics.Record(SandboxMetrics.Remove, started);
        _gate.Dispose();
    }
}

/// <summary>A supervisor reply: the header line and the payloads it announced.</summary>
internal sealed record SupervisorExchange(SupervisorReply Header, byte[] Stdout, byte[] Stderr, byte[] Tar);

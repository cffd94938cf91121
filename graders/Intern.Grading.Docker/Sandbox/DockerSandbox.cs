using Docker.DotNet;
using Docker.DotNet.Models;
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

    private readonly DockerClient _docker;
    private readonly SupervisorChannel _channel;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _lostReason;
    private int _disposed;

    public DockerSandbox(DockerClient docker, string containerId, SupervisorChannel channel)
    {
        _docker = docker;
        ContainerId = containerId;
        _channel = channel;
    }

    public string ContainerId { get; }

    public async Task PutFilesAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken)
    {
        var reply = await PutAsync(files, cancellationToken);
        if (reply.Ok != true)
            throw new SandboxException("Copying files into the sandbox failed: " + reply.Error);
    }

    public async Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(new { op = "rm", paths }, ReadOnlyMemory<byte>.Empty, TransferTimeout, cancellationToken);
        if (reply.Ok != true)
            throw new SandboxException("Deleting files in the sandbox failed: " + reply.Error);
    }

    public async Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FilesIn.Count > 0)
        {
            var put = await PutAsync(request.FilesIn, cancellationToken);
            if (put.Ok != true)
            {
                // A full work directory is the program's doing (it filled it), not the platform's.
                if (put.Errno is 28 or 122)
                    return new RunResult { Status = SandboxStatus.OLE, Message = "the work directory is full, so the test's input files could not be written" };
                throw new SandboxException("Copying files into the sandbox failed: " + put.Error);
            }
        }
        var limits = request.Limits;
        var reply = await ExchangeAsync(SupervisorRequests.Run(request), ReadOnlyMemory<byte>.Empty, limits.WallTime + ReplyGrace, cancellationToken);
        if (reply.Status is null)
            throw new SandboxException("The sandbox could not run the program: " + reply.Error);
        return await ReadRunResultAsync(reply, limits, cancellationToken);
    }

    private async Task<RunResult> ReadRunResultAsync(SupervisorReply reply, RunLimits limits, CancellationToken ct)
    {
        // The payloads were announced in the header and must be read even if they are then refused.
        var stdout = await _channel.ReceiveBytesAsync(reply.Stdout, ct);
        var stderr = await _channel.ReceiveBytesAsync(reply.Stderr, ct);
        var tar = await _channel.ReceiveBytesAsync(reply.Tar, ct);
        _gate.Release();
        var status = Enum.Parse<SandboxStatus>(reply.Status!);
        var message = reply.Message ?? "";
        IReadOnlyList<SandboxFile> files = [];
        if (tar.Length > 0)
        {
            try
            {
                using var tarStream = new MemoryStream(tar, writable: false);
                files = SandboxTar.Unpack(tarStream, limits.FilesOutBytes, limits.FileSizeBytes, 10_000);
            }
            catch (UnsafeArchiveException e)
            {
                status = e.Kind == UnsafeArchiveKind.TooLarge ? SandboxStatus.OLE : SandboxStatus.SV;
                message = "output files refused: " + e.Message;
            }
        }
        return new RunResult
        {
            Status = status,
            ExitCode = reply.Exit,
            Signal = reply.Signal,
            CpuTime = TimeSpan.FromMilliseconds(reply.CpuMs),
            WallTime = TimeSpan.FromMilliseconds(reply.WallMs),
            PeakMemoryKb = reply.MemKb,
            Stdout = stdout,
            Stderr = stderr,
            Files = files,
            Message = message,
        };
    }

    private Task<SupervisorReply> PutAsync(IReadOnlyList<SandboxFile> files, CancellationToken ct)
    {
        var tar = SandboxTar.Pack(files);
        return ExchangeAsync(new { op = "put", size = tar.Length }, tar, TransferTimeout, ct);
    }

    /// <summary>Sends one request and reads its header. For run replies the gate stays held until the payloads are read.</summary>
    private async Task<SupervisorReply> ExchangeAsync(object request, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        var keepGate = false;
        try
        {
            if (_lostReason is not null)
                throw new SandboxException("The sandbox was lost earlier: " + _lostReason);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await _channel.SendAsync(request, payload, deadline.Token);
                var reply = await _channel.ReceiveHeaderAsync(deadline.Token);
                keepGate = reply.Status is not null;
                return reply;
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
        finally
        {
            if (!keepGate)
                _gate.Release();
        }
    }

    private async Task<string> DescribeDeathAsync(Exception e)
    {
        try
        {
            var state = (await _docker.Containers.InspectContainerAsync(ContainerId, CancellationToken.None)).State;
            return state.OOMKilled ? "the container ran out of memory" : $"the container exited with code {state.ExitCode} ({e.Message})";
        }
        catch (DockerApiException)
        {
            return e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _channel.DisposeAsync();
        await ContainerRemoval.ForceRemoveAsync(_docker, ContainerId);
        _gate.Dispose();
    }
}

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
        _candidateRan = true;
        SupervisorExchange reply;
        try
        {
            reply = await ExchangeAsync(SupervisorRequests.Run(request), ReadOnlyMemory<byte>.Empty, request.Limits.WallTime + ReplyGrace, cancellationToken);
        }
        catch (SandboxException) when (_lostReason == OutOfMemory)
        {
            // The run drove the whole container out of memory: that is the program's verdict. Later runs will still fail as lost.
            return new RunResult { Status = SandboxStatus.MLE, Message = "the program exhausted the sandbox's memory and the sandbox was stopped" };
        }
        if (reply.Header.Status is null)
            throw new SandboxException("The sandbox could not run the program: " + reply.Header.Error);
        return RunResults.From(reply, request.Limits);
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
            if (_lostReason is not null)
                throw new SandboxException("The sandbox was lost earlier: " + _lostReason);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await _channel.SendAsync(request, payload, deadline.Token);
                var header = await _channel.ReceiveHeaderAsync(deadline.Token);
                var stdout = await _channel.ReceiveBytesAsync(header.Stdout, deadline.Token);
                var stderr = await _channel.ReceiveBytesAsync(header.Stderr, deadline.Token);
                var tar = await _channel.ReceiveBytesAsync(header.Tar, deadline.Token);
                return new SupervisorExchange(header, stdout, stderr, tar);
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
            _gate.Release();
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
        await ContainerRemoval.ForceRemoveAsync(_docker, ContainerId);
        SandboxMetrics.Record(SandboxMetrics.Remove, started);
        _gate.Dispose();
    }
}

/// <summary>A supervisor reply: the header line and the payloads it announced.</summary>
internal sealed record SupervisorExchange(SupervisorReply Header, byte[] Stdout, byte[] Stderr, byte[] Tar);

using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>
/// Request/response framing over a container's attached stdin/stdout: a JSON line out (plus raw bytes),
/// a JSON line back (plus the payloads it announces). The supervisor's stderr is kept for diagnostics.
/// </summary>
internal sealed class SupervisorChannel : IAsyncDisposable
{
    private const int MaxDiagnostics = 16 * 1024;
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly MultiplexedStream _stream;
    private readonly Pipe _stdout = new(new PipeOptions(pauseWriterThreshold: 8 << 20, resumeWriterThreshold: 4 << 20));
    private readonly StringBuilder _diagnostics = new();
    private readonly Task _pump;
    private readonly CancellationTokenSource _stop = new();

    public SupervisorChannel(MultiplexedStream stream)
    {
        _stream = stream;
        _pump = Task.Run(PumpAsync);
    }

    public string Diagnostics
    {
        get { lock (_diagnostics) return _diagnostics.ToString(); }
    }

    public async Task SendAsync(object request, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(request, SupervisorJson.Options);
        var header = new byte[line.Length + 1];
        line.CopyTo(header, 0);
        header[line.Length] = (byte)'\n';
        await _stream.WriteAsync(header, 0, header.Length, ct);
        if (payload.IsEmpty)
            return;
        // Large inputs (hundreds of MB) are written from their own array, not copied into one frame.
        var array = MemoryMarshal.TryGetArray(payload, out var segment) ? segment : new ArraySegment<byte>(payload.ToArray());
        await _stream.WriteAsync(array.Array!, array.Offset, array.Count, ct);
    }

    public async Task<SupervisorReply> ReceiveHeaderAsync(CancellationToken ct)
    {
        var reader = _stdout.Reader;
        while (true)
        {
            var read = await reader.ReadAsync(ct);
            var buffer = read.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                var line = buffer.Slice(0, end).ToArray();
                reader.AdvanceTo(buffer.GetPosition(1, end));
                try
                {
                    return JsonSerializer.Deserialize<SupervisorReply>(line, SupervisorJson.Options)
                        ?? throw new SandboxException("The sandbox supervisor sent an empty reply.");
                }
                catch (JsonException e)
                {
                    throw new SandboxException("The sandbox supervisor sent a reply that is not JSON: " + e.Message, e);
                }
            }
            if (buffer.Length > MaxHeaderBytes)
                throw new SandboxException("The sandbox supervisor sent a reply header that is too long.");
            if (read.IsCompleted)
                throw new SandboxException("The sandbox supervisor ended its output. " + Diagnostics);
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task<byte[]> ReceiveBytesAsync(int count, CancellationToken ct)
    {
        var result = new byte[count];
        var filled = 0;
        var reader = _stdout.Reader;
        while (filled < count)
        {
            var read = await reader.ReadAsync(ct);
            var take = read.Buffer.Slice(0, Math.Min(read.Buffer.Length, count - filled));
            take.CopyTo(result.AsSpan(filled));
            filled += (int)take.Length;
            reader.AdvanceTo(take.End);
            if (filled < count && read.IsCompleted)
                throw new SandboxException("The sandbox supervisor ended its output in the middle of a reply. " + Diagnostics);
        }
        return result;
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[81920];
        Exception? failure = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, _stop.Token);
                if (read.EOF)
                    break;
                if (read.Target == MultiplexedStream.TargetStream.StandardOut)
                {
                    await _stdout.Writer.WriteAsync(buffer.AsMemory(0, read.Count), _stop.Token);
                }
                else
                {
                    lock (_diagnostics)
                    {
                        if (_diagnostics.Length < MaxDiagnostics)
                            _diagnostics.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            failure = e is OperationCanceledException ? null : e;
        }
        await _stdout.Writer.CompleteAsync(failure);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stream.Dispose();
        await _pump.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}

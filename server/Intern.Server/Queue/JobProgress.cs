using Intern.Grading.Grading;

namespace Intern.Server.Queue;

/// <summary>Where a running job is, as stored on it and shown live: one of the <see cref="JobPhases"/>, and cases done of total.</summary>
public sealed record ProgressSnapshot(string Phase, int Done, int Total);

/// <summary>The job's phase vocabulary, and the grader phase each one stands for.</summary>
public static class JobPhases
{
    public const string Preparing = "preparing";
    public const string Building = "building";
    public const string Testing = "testing";
    public const string Checking = "checking";

    /// <summary>The job phase of a grader phase; null for <see cref="GradingPhase.Finished"/>, which the stored result itself says.</summary>
    public static string? For(GradingPhase phase) => phase switch
    {
        GradingPhase.Preparing or GradingPhase.Generating => Preparing,
        GradingPhase.Building => Building,
        GradingPhase.Testing => Testing,
        GradingPhase.Checking => Checking,
        _ => null,
    };

    /// <summary>How long to hold <paramref name="next"/> back: nothing on a new phase, else the rest of the interval since the last write.</summary>
    public static TimeSpan Hold(ProgressSnapshot? written, DateTimeOffset writtenAt, ProgressSnapshot next, DateTimeOffset now, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (written is null || written.Phase != next.Phase)
            return TimeSpan.Zero;
        var rest = writtenAt + interval - now;
        return rest > TimeSpan.Zero ? rest : TimeSpan.Zero;
    }
}

/// <summary>
/// The grader's progress, written to the job: a new phase at once, counts at most once per interval (the last
/// one held back is written when the interval ends), one write at a time and in order. A failed write is
/// logged and grading goes on; a lost lease cancels <paramref name="grading"/>, as the heartbeat does.
/// </summary>
internal sealed partial class JobProgress(Func<ProgressSnapshot, CancellationToken, Task> write, TimeProvider time, TimeSpan interval,
    CancellationTokenSource grading, ILogger log) : IProgress<GradingProgress>, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private ProgressSnapshot? _latest;
    // A claim stores "preparing" with no cases, so that is what the job already says.
    private ProgressSnapshot? _written = new(JobPhases.Preparing, 0, 0);
    private DateTimeOffset _writtenAt = DateTimeOffset.MinValue;
    private ITimer? _held;
    private Task _writes = Task.CompletedTask;
    private bool _closed;

    public void Report(GradingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (JobPhases.For(value.Phase) is not { } phase)
            return;
        var next = new ProgressSnapshot(phase, value.Done, value.Total);
        lock (_gate)
        {
            if (_closed)
                return;
            _latest = next;
            if (next == _written)
                return;
            var hold = JobPhases.Hold(_written, _writtenAt, next, time.GetUtcNow(), interval);
            if (hold == TimeSpan.Zero)
                WriteLatest();
            else
                _held ??= time.CreateTimer(_ => WriteHeld(), null, hold, Timeout.InfiniteTimeSpan);
        }
    }

    private void WriteHeld()
    {
        lock (_gate)
        {
            _held?.Dispose();
            _held = null;
            if (!_closed && _latest != _written)
                WriteLatest();
        }
    }

    // Called under the gate; the write itself runs on the thread pool, after the one before it.
    private void WriteLatest()
    {
        _held?.Dispose();
        _held = null;
        var snapshot = _latest!;
        (_written, _writtenAt) = (snapshot, time.GetUtcNow());
        _writes = _writes.ContinueWith(_ => WriteAsync(snapshot), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    private async Task WriteAsync(ProgressSnapshot snapshot)
    {
        if (grading.IsCancellationRequested)
            return;
        try
        {
            await write(snapshot, grading.Token);
        }
        catch (LeaseLostException)
        {
            await grading.CancelAsync();
        }
        catch (OperationCanceledException) when (grading.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Live status is a courtesy: a database hiccup must never cost the applicant their grading.
            LogWriteFailed(snapshot.Phase, e.Message);
        }
    }

    /// <summary>Stops writing and waits for the write under way, so that it cannot race the result that follows.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
            _held?.Dispose();
            _held = null;
        }
        await _writes;
    }

    [LoggerMessage(LogLevel.Warning, "Could not record grading progress ({Phase}): {Message}")]
    private partial void LogWriteFailed(string phase, string message);
}

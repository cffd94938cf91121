namespace Intern.Server.Queue;

/// <summary>
/// In-process wake-ups for live status streams: the queue says "this submission changed", and a stream that
/// listens looks at the database at once instead of at its next poll. Workers in other processes cannot
/// reach it, so streams keep polling; this makes the one-process case immediate.
/// </summary>
public sealed class StatusSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Listeners> _listening = [];

    private sealed class Listeners
    {
        public TaskCompletionSource Change { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Count { get; set; }
    }

    /// <summary>Starts listening to <paramref name="submissionId"/> until the subscription is disposed.</summary>
    public Subscription Listen(Guid submissionId)
    {
        lock (_gate)
        {
            if (!_listening.TryGetValue(submissionId, out var listeners))
                _listening[submissionId] = listeners = new Listeners();
            listeners.Count++;
        }
        return new Subscription(this, submissionId);
    }

    public void Notify(Guid submissionId)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (!_listening.TryGetValue(submissionId, out var listeners))
                return;
            (changed, listeners.Change) = (listeners.Change, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        changed.TrySetResult();
    }

    private Task NextChange(Guid submissionId)
    {
        lock (_gate)
            return _listening[submissionId].Change.Task;
    }

    private void Leave(Guid submissionId)
    {
        lock (_gate)
        {
            if (--_listening[submissionId].Count == 0)
                _listening.Remove(submissionId);
        }
    }

    /// <summary>One stream's interest in one submission.</summary>
    public sealed class Subscription(StatusSignals signals, Guid submissionId) : IDisposable
    {
        private bool _disposed;

        /// <summary>Completes at the next change after this call. Take it before reading, so that no change slips in between.</summary>
        public Task NextChange => signals.NextChange(submissionId);

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            signals.Leave(submissionId);
        }
    }
}

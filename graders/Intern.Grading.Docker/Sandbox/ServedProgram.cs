using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>
/// A server running as one supervisor "run" whose reply is awaited in the background. Stopping sends
/// the supervisor a "stop" line on the same channel; the run's own reply then ends it.
/// </summary>
internal sealed class ServedProgram : IServedProgram
{
    private static readonly TimeSpan AbandonWait = TimeSpan.FromSeconds(5);

    private readonly Func<CancellationToken, Task>? _sendStop;
    private readonly CancellationTokenSource? _abandon;
    private int _stopRequested;
    private int _abandoned;

    public ServedProgram(Task<RunResult> completion, Func<CancellationToken, Task>? sendStop, CancellationTokenSource? abandon)
    {
        Completion = completion;
        _sendStop = sendStop;
        _abandon = abandon;
    }

    /// <summary>A program that never started (its input files were refused): already ended with that verdict.</summary>
    public static ServedProgram Ended(RunResult result) => new(Task.FromResult(result), null, null);

    public Task<RunResult> Completion { get; }

    public bool EndedByItself => Completion.IsCompleted && Volatile.Read(ref _stopRequested) == 0;

    public async Task<RunResult> StopAsync(CancellationToken cancellationToken)
    {
        if (!Completion.IsCompleted && _sendStop is not null && Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            try
            {
                await _sendStop(cancellationToken);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The channel broke: the pending reply fails the same way and says why.
            }
        }
        return await Completion.WaitAsync(cancellationToken);
    }

    /// <summary>Called when the sandbox goes away with the program still running: gives up on its reply.</summary>
    public async Task AbandonAsync()
    {
        if (_abandon is null || Interlocked.Exchange(ref _abandoned, 1) == 1)
            return;
        await _abandon.CancelAsync();
        await ((Task)Completion).WaitAsync(AbandonWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _abandon.Dispose();
    }
}

using Intern.Server.Persistence;

namespace Intern.Bench;

/// <summary>
/// One `Intern.Server.dll worker` process, exactly as a deployment runs it, with one grading worker.
/// Its log tells when it is ready and how many jobs it has finished; disposing kills it.
/// </summary>
public sealed class WorkerProcess(DatabaseOptions database, string taskFolder)
    : ChildProcess(["worker"], database, taskFolder, new Dictionary<string, string> { ["Queue:InProcessWorkers"] = "1" })
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _finished;

    /// <summary>Jobs this process has graded so far.</summary>
    public int Finished => Volatile.Read(ref _finished);

    public Task WaitUntilStartedAsync(TimeSpan timeout) => WaitForAsync(_started.Task, "worker", timeout);

    protected override void OnLine(string line)
    {
        // The console logger puts the message on the line after the category.
        if (line.Contains("Grading worker ", StringComparison.Ordinal) && line.EndsWith(" started", StringComparison.Ordinal))
            _started.TrySetResult();
        if (line.Contains(" finished: ", StringComparison.Ordinal))
            Interlocked.Increment(ref _finished);
    }
}

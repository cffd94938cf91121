using System.Diagnostics;
using Intern.Server.Persistence;

namespace Intern.Bench.Queue;

/// <summary>
/// One `Intern.Server.dll worker` process, exactly as a deployment runs it, with one grading worker.
/// Its log tells when it is ready and how many jobs it has finished; disposing kills it.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();
    private int _finished;

    public WorkerProcess(string serverDll, DatabaseOptions database, string taskFolder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("worker");
        start.Environment["Database__Provider"] = database.Provider;
        start.Environment["Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Queue__InProcessWorkers"] = "1";
        start.Environment["Tasks__Folders__0"] = taskFolder;
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Jobs this process has graded so far.</summary>
    public int Finished => Volatile.Read(ref _finished);

    public async Task WaitUntilStartedAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(_started.Task, exited, Task.Delay(timeout));
        if (done != _started.Task)
            throw new InvalidOperationException($"The worker did not start (exited: {_process.HasExited}). Its last lines:\n{Tail()}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
            return;
        // The console logger puts the message on the line after the category.
        if (line.Contains("Grading worker ", StringComparison.Ordinal) && line.EndsWith(" started", StringComparison.Ordinal))
            _started.TrySetResult();
        if (line.Contains(" finished: ", StringComparison.Ordinal))
            Interlocked.Increment(ref _finished);
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 20)
                _tail.Dequeue();
        }
    }

    private string Tail()
    {
        lock (_tail)
            return string.Join('\n', _tail);
    }
}

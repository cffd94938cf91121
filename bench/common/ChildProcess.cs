using System.Diagnostics;
using Intern.Server.Persistence;

namespace Intern.Bench;

/// <summary>
/// A process of the server's build beside the benchmark (`dotnet Intern.Server.dll ...`) on the given database,
/// whose console lines a subclass watches and whose last lines are kept for failure messages; disposing kills it.
/// </summary>
public abstract class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    protected ChildProcess(IEnumerable<string> arguments, DatabaseOptions database, string taskFolder, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BenchPaths.ServerDll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["Database__Provider"] = database.Provider;
        start.Environment["Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Tasks__Folders__0"] = taskFolder;
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time the process has used so far (user and system), to tell its own cost apart from a shared machine's load.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The last lines the process wrote.</summary>
    public string Tail()
    {
        lock (_tail)
            return string.Join('\n', _tail);
    }

    /// <summary>Waits for <paramref name="ready"/>, failing with the process's last lines when it exits or the time runs out first.</summary>
    protected async Task WaitForAsync(Task ready, string what, TimeSpan timeout)
    {
        var done = await Task.WhenAny(ready, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (done != ready)
            throw new InvalidOperationException($"The {what} did not start (exited: {_process.HasExited}). Its last lines:\n{Tail()}");
    }

    /// <summary>Called for every line of stdout and stderr, from the reader threads.</summary>
    protected abstract void OnLine(string line);

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        GC.SuppressFinalize(this);
    }

    private void Read(string? line)
    {
        if (line is null)
            return;
        OnLine(line);
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 40)
                _tail.Dequeue();
        }
    }
}

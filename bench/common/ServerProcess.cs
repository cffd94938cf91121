using Intern.Server.Persistence;

namespace Intern.Bench;

/// <summary>The Release server on a port the system picks on loopback, in production mode, with no grading workers of its own.</summary>
public sealed class ServerProcess(DatabaseOptions database, string taskFolder, IReadOnlyDictionary<string, string> settings)
    : ChildProcess(["--urls", "http://127.0.0.1:0"], database, taskFolder,
        new Dictionary<string, string>(settings) { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Queue:InProcessWorkers"] = "0" })
{
    private const string Listening = "Now listening on: ";
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits for Kestrel's "Now listening on" line and returns the address.</summary>
    public async Task<Uri> WaitUntilListeningAsync(TimeSpan timeout)
    {
        await WaitForAsync(_listening.Task, "server", timeout);
        return await _listening.Task;
    }

    protected override void OnLine(string line)
    {
        var at = line.IndexOf(Listening, StringComparison.Ordinal);
        if (at >= 0)
            _listening.TrySetResult(new Uri(line[(at + Listening.Length)..].Trim()));
    }
}

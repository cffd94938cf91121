using System.Diagnostics;
using Intern.Server.Persistence;
using Intern.Server.Tests.Api;

namespace Intern.Server.Tests.Queue;

/// <summary>A real `Intern.Server worker` process over a test database, grading the fixture tasks with real Docker.</summary>
internal static class WorkerProcess
{
    /// <summary>Starts a worker with short leases and polls; the caller kills it (entire process tree) when done.</summary>
    public static Process Start(DatabaseOptions options, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Intern.Server.dll"));
        start.ArgumentList.Add("worker");
        start.Environment["Database__Provider"] = options.Provider;
        start.Environment["Database__ConnectionString"] = options.ConnectionString;
        start.Environment["Queue__Lease"] = "00:00:08"; // generous: a loaded machine may starve a heartbeat for seconds
        start.Environment["Queue__Heartbeat"] = "00:00:01";
        start.Environment["Queue__Poll"] = "00:00:00.200";
        start.Environment["Tasks__Folders__0"] = Path.Combine(Repository.Root, "tests", "fixtures");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

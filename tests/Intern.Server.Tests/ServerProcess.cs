using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Intern.Server.Persistence;

namespace Intern.Server.Tests;

/// <summary>
/// The real server as a separate process (the build of Intern.Server next to the tests) on a free local port,
/// so that a test can kill -9 it. Its console output is kept for failure messages.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last of what the server printed, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.Length > 8000 ? _output.ToString(_output.Length - 8000, 8000) : _output.ToString();
        }
    }

    /// <summary>The console logger's entries of one category (a header line and its first message line each).</summary>
    public string EntriesOf(string category)
    {
        string[] lines;
        lock (_output)
            lines = _output.ToString().Split('\n');
        var entries = new StringBuilder();
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (lines[i].Contains($": {category}", StringComparison.Ordinal))
                entries.Append(lines[i].Trim()).Append(' ').AppendLine(lines[i + 1].Trim());
        }
        return entries.ToString();
    }

    /// <summary>Starts the server and waits until <c>/health</c> answers 200. Grading workers are off unless <paramref name="settings"/> turn them on.</summary>
    public static async Task<ServerProcess> StartAsync(DatabaseOptions database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Intern.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = database.Provider;
        start.Environment["Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Queue__InProcessWorkers"] = "0";
        // Tests upload faster than one applicant could; the per-applicant queue cap has tests of its own.
        start.Environment["Intake__MaxQueuedPerApplicant"] = "100";
        // The server's own warnings and the worker's progress, without a line per SQL command and request.
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        start.Environment["Tasks__Folders__0"] = Path.Combine(Api.Repository.Root, "tests", "fixtures");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A first start on a busy machine (test assemblies run side by side on two cores) builds EF's model and
        // JIT-compiles the stack in the first request: give it time, since health is what matters here, not speed.
        await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
        return server;
    }

    public HttpClient Client(string? token = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = Client(timeout: TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"The server did not answer /health with 200 within {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: no shutdown hooks, no finally blocks, nothing flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 200_000)
                _output.Remove(0, 100_000);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

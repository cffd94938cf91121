using System.Diagnostics;
using Docker.DotNet;
using Intern.Grading.Docker.Sandbox;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Tests;

/// <summary>
/// Servers in real sandboxes: a program started with ServeAsync runs until stopped (or until it ends by
/// itself), a second sandbox that joins its network reaches it over 127.0.0.1 and nothing else, and a
/// restart on the same data folder keeps the candidate's container and its files.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class ServedProgramTests(DockerEngine docker) : IDisposable
{
    // Counts its starts in /box/data/starts and serves that number on 127.0.0.1:8000.
    private const string Server = """
        import http.server, os, sys
        path = "/box/data/starts"
        starts = int(open(path).read()) + 1 if os.path.exists(path) else 1
        open(path, "w").write(str(starts))
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = ("start %d" % starts).encode()
                self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
            def log_message(self, *a): pass
        print("listening", flush=True)
        http.server.HTTPServer(("127.0.0.1", 8000), H).serve_forever()
        """;

    // Waits for the server, then prints what it answers and whether anything beyond the loopback is reachable.
    private const string Client = """
        import socket, time, urllib.request
        for _ in range(100):
            try:
                print(urllib.request.urlopen("http://127.0.0.1:8000/", timeout=2).read().decode()); break
            except OSError:
                time.sleep(0.1)
        try:
            socket.create_connection(("1.1.1.1", 53), timeout=2); print("outside: reached")
        except OSError as e:
            print("outside: refused")
        print("interfaces:", sorted(l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]))
        """;

    private static readonly RunLimits ServerLimits = Hostile.Limits with { WallTime = TimeSpan.FromSeconds(60), CpuTime = TimeSpan.FromSeconds(30) };

    private readonly DockerClient _client = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    public void Dispose() => _client.Dispose();

    private static RunRequest Serve(string script, bool freshData) => Hostile.Python(script, ServerLimits) with
    {
        EmptyDirectories = freshData ? ["data"] : [],
    };

    private Task<ISandbox> StartPeerAsync(ISandbox candidate) => docker.StartAsync(new SandboxSpec
    {
        Image = DockerEngine.PythonImage,
        JoinNetworkOf = candidate.Id,
        MemoryBytes = 128L << 20,
        Role = "checker",
    });

    [Fact]
    public async Task APeerReachesTheServerOverLoopbackOnlyAndARestartKeepsTheDataFolder()
    {
        await using var candidate = await docker.StartAsync();
        await using var peer = await StartPeerAsync(candidate);

        var first = await candidate.ServeAsync(Serve(Server, freshData: true), CancellationToken.None);
        var seen = Hostile.Text((await peer.RunAsync(Hostile.Python(Client), CancellationToken.None)).Stdout);
        var stopped = await first.StopAsync(CancellationToken.None);
        var second = await candidate.ServeAsync(Serve(Server, freshData: false), CancellationToken.None);
        var seenAgain = Hostile.Text((await peer.RunAsync(Hostile.Python(Client), CancellationToken.None)).Stdout);
        await second.StopAsync(CancellationToken.None);

        Assert.Contains("start 1", seen, StringComparison.Ordinal);
        Assert.Contains("outside: refused", seen, StringComparison.Ordinal);
        Assert.Contains("interfaces: ['lo']", seen, StringComparison.Ordinal);
        Assert.Equal(SandboxStatus.OK, stopped.Status);
        Assert.False(first.EndedByItself);
        Assert.Contains("stopped by the grader", stopped.Message, StringComparison.Ordinal);
        Assert.Equal("listening\n", Hostile.Text(stopped.Stdout));
        Assert.Contains("start 2", seenAgain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatEndsByItselfIsJudgedLikeAnyRun()
    {
        await using var candidate = await docker.StartAsync();

        var served = await candidate.ServeAsync(Serve("import sys\nprint('bad upload', file=sys.stderr)\nsys.exit(3)\n", freshData: true), CancellationToken.None);
        var result = await served.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(served.EndedByItself);
        Assert.Equal((SandboxStatus.RE, 3), (result.Status, result.ExitCode));
        Assert.Equal("bad upload\n", Hostile.Text(result.Stderr));
        Assert.Same(result, await served.StopAsync(CancellationToken.None));
        // The sandbox takes requests again once the server is gone.
        Assert.Equal(SandboxStatus.OK, (await candidate.RunAsync(Hostile.Python("print(1)"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task StoppingKillsAServerThatIgnoresSigtermAndEverythingItStarted()
    {
        await using var candidate = await docker.StartAsync();
        const string stubborn = """
            import os, signal, subprocess, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            subprocess.Popen(["python3", "-c", "import os, signal, time; os.setsid(); signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"])
            time.sleep(600)
            """;
        var served = await candidate.ServeAsync(Serve(stubborn, freshData: true), CancellationToken.None);
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        var result = await served.StopAsync(CancellationToken.None);
        var left = await candidate.RunAsync(Hostile.Python(
            "import os\nprint(sum(1 for p in os.listdir('/proc') if p.isdigit() and p not in ('1', str(os.getpid()))))"), CancellationToken.None);

        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15));
        Assert.Equal("0\n", Hostile.Text(left.Stdout));
    }

    [Fact]
    public async Task DisposingTheSandboxWhileItServesRemovesTheContainer()
    {
        var candidate = (DockerSandbox)await docker.StartAsync();
        await candidate.ServeAsync(Serve("import time\ntime.sleep(600)\n", freshData: true), CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await candidate.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"dispose took {clock.Elapsed}");
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => _client.Containers.InspectContainerAsync(candidate.ContainerId));
    }

    [Fact]
    public async Task AServerThatOutlivesItsWallLimitIsTle()
    {
        await using var candidate = await docker.StartAsync();
        var request = Serve("import time\ntime.sleep(600)\n", freshData: true) with { Limits = Hostile.Limits with { WallTime = TimeSpan.FromSeconds(1) } };

        var served = await candidate.ServeAsync(request, CancellationToken.None);
        var result = await served.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(served.EndedByItself);
        Assert.Equal(SandboxStatus.TLE, result.Status);
    }
}

using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Tests;

/// <summary>
/// Hostile programs against the real engine. Each asserts the verdict, that the sandbox still serves the
/// next run (the grader survived), and that a good submission graded at the same time gets full marks.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class HostileProgramTests(DockerEngine docker)
{
    [Fact]
    public async Task ForkBombIsStoppedAndLeavesNoProcess()
    {
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python("import os\nwhile True:\n    os.fork()\n"));
        // Which limit trips first depends on scheduling: the pids cap (RE), the processes' memory (MLE) or time.
        Assert.Contains(result.Status, new[] { SandboxStatus.RE, SandboxStatus.MLE, SandboxStatus.TLE });
    }

    [Fact]
    public async Task MemoryBombIsMemoryLimitExceeded()
    {
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python("a = []\nwhile True:\n    a.append(bytearray(8 << 20))\n"));
        Assert.Equal(SandboxStatus.MLE, result.Status);
    }

    [Fact]
    public async Task MemorySpreadOverDetachedChildrenIsStillCounted()
    {
        // Each process stays under the 64 MiB limit; together (and detached from the main process) they do not.
        var script = "import os, time\nfor _ in range(3):\n    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n            hog = bytearray(40 << 20)\n            time.sleep(5)\n        os._exit(0)\ntime.sleep(1)\nprint('done')\n";
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.MLE, result.Status);
    }

    [Theory]
    [InlineData("/box/work/fill")]
    [InlineData("/tmp/fill")]
    public async Task FillingAScratchDiskFailsTheProgramNotTheGrader(string path)
    {
        var limits = Hostile.Limits with { FileSizeBytes = 1L << 30 };
        var script = $"import sys\nf = open('{path}', 'wb')\ntry:\n    while True:\n        f.write(b'x' * (1 << 20))\n        f.flush()\nexcept OSError as e:\n    print('refused', e.errno)\n    sys.exit(1)\n";
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script, limits));
        Assert.Equal(SandboxStatus.RE, result.Status);
        Assert.StartsWith("refused 28", Hostile.Text(result.Stdout), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import sys\nwhile True:\n    sys.stdout.write('y' * 65536)\n")]
    [InlineData("import sys\nwhile True:\n    sys.stderr.write('y' * 65536)\n")]
    [InlineData("f = open('flood.txt', 'w')\nwhile True:\n    f.write('y' * 65536)\n")]
    public async Task OutputFloodIsOutputLimitExceeded(string script)
    {
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.OLE, result.Status);
        Assert.True(result.Stdout.Length <= Hostile.Limits.StdoutBytes);
        Assert.True(result.Stderr.Length <= Hostile.Limits.StderrBytes);
    }

    [Theory]
    [InlineData("while True:\n    pass\n")]
    [InlineData("import time\ntime.sleep(3600)\n")]
    [InlineData("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    time.sleep(1)\n")]
    public async Task ProgramsThatDoNotStopAreTimeLimitExceededWithinTheWallLimit(string script)
    {
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.TLE, result.Status);
        Assert.True(result.WallTime < Hostile.Limits.WallTime + TimeSpan.FromSeconds(1), $"took {result.WallTime}");
    }

    [Fact]
    public async Task DaemonDoesNotOutliveItsRun()
    {
        await using var box = await docker.StartAsync();
        var daemon = "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        while True:\n            open('/tmp/alive', 'a').write('x')\n            time.sleep(0.05)\nprint('left a daemon')\n";
        var first = await box.RunAsync(Hostile.Python(daemon), CancellationToken.None);
        Assert.Equal(SandboxStatus.OK, first.Status);
        var census = "import os, time\nsize = os.path.getsize('/tmp/alive') if os.path.exists('/tmp/alive') else 0\ntime.sleep(0.3)\nsize2 = os.path.getsize('/tmp/alive') if os.path.exists('/tmp/alive') else 0\npids = [p for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid())]\nprint(size2 - size, len(pids))\n";
        var second = await box.RunAsync(Hostile.Python(census), CancellationToken.None);
        Assert.Equal("0 0\n", Hostile.Text(second.Stdout));
    }

    [Fact]
    public async Task NetworkEgressIsBlocked()
    {
        var script = """
            import socket
            def attempt(name, fn):
                try:
                    fn()
                    print(name, 'open')
                except OSError:
                    print(name, 'blocked')
            attempt('tcp', lambda: socket.create_connection(('192.0.2.1', 80), timeout=2))
            attempt('udp', lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('198.51.100.1', 53)))
            attempt('dns', lambda: socket.getaddrinfo('example.com', 80))
            """;
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.Equal("tcp blocked\nudp blocked\ndns blocked\n", Hostile.Text(result.Stdout));
    }

    [Fact]
    public async Task WritingOutsideTheWorkDirectoryIsRefused()
    {
        var script = """
            for path in ['/etc/intern', '/usr/bin/intern', '/intern', '/proc/sys/kernel/hostname', '/sys/fs/cgroup/intern']:
                try:
                    open(path, 'w').write('x')
                    print(path, 'written')
                except OSError:
                    print(path, 'refused')
            """;
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.DoesNotContain("written", Hostile.Text(result.Stdout), StringComparison.Ordinal);
        Assert.Equal(5, Hostile.Text(result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("import os\nos.makedirs('out')\nos.symlink('/etc/passwd', 'out/link')\n")]
    [InlineData("import os\nos.makedirs('out')\nopen('out/a', 'w').write('x')\nos.link('out/a', 'out/b')\n")]
    [InlineData("import os\nos.makedirs('out')\nos.mkfifo('out/pipe')\n")]
    public async Task LinksAndSpecialFilesInTheOutputAreASecurityViolation(string script)
    {
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script, filesOut: ["work/out"]));
        Assert.Equal(SandboxStatus.SV, result.Status);
        Assert.Empty(result.Files);
    }

    [Fact]
    public async Task HundredThousandTinyFilesRunOutOfInodes()
    {
        var script = "import os, sys\nos.makedirs('out')\ntry:\n    for i in range(100000):\n        open('out/%d' % i, 'w').close()\nexcept OSError as e:\n    print('stopped at', i, e.errno)\n    sys.exit(1)\n";
        var limits = Hostile.Limits with { CpuTime = TimeSpan.FromSeconds(20), WallTime = TimeSpan.FromSeconds(30) };
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script, limits, ["work/out"]));
        Assert.Equal(SandboxStatus.RE, result.Status);
        Assert.EndsWith(" 28\n", Hostile.Text(result.Stdout), StringComparison.Ordinal);
        Assert.Empty(result.Files);
    }

    [Fact]
    public async Task MoreOutputFilesThanTheCapAreOutputLimitExceeded()
    {
        var script = "import os\nos.makedirs('out')\nfor i in range(12000):\n    open('out/%d' % i, 'w').close()\n";
        var limits = Hostile.Limits with { CpuTime = TimeSpan.FromSeconds(20), WallTime = TimeSpan.FromSeconds(30) };
        var spec = new SandboxSpec { Image = DockerEngine.PythonImage, WorkDirBytes = 256L << 20, MemoryBytes = 128L << 20 };
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script, limits, ["work/out"]), spec);
        Assert.Equal(SandboxStatus.OLE, result.Status);
        Assert.Empty(result.Files);
    }

    [Fact]
    public async Task BinaryAndInvalidUtf8OutputComeBackByteForByte()
    {
        var script = "import sys\nsys.stdout.buffer.write(bytes(range(256)) + b'\\xff\\xfe\\xc3')\n";
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.Equal([.. Enumerable.Range(0, 256).Select(i => (byte)i), 0xff, 0xfe, 0xc3], result.Stdout.ToArray());
    }

    [Fact]
    public async Task HugeArgumentVectorAndEnvironmentFailOnlyTheProgram()
    {
        var script = """
            import os
            try:
                os.execv('/bin/true', ['true'] + ['a' * 100000] * 400)
            except OSError as e:
                print('argv', e.errno)
            os.environ['HUGE'] = 'x' * 10000000
            try:
                os.execv('/bin/true', ['true'])
            except OSError as e:
                print('env', e.errno)
            """;
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.Equal("argv 7\nenv 7\n", Hostile.Text(result.Stdout));
    }

    [Fact]
    public async Task ClosingStdoutEarlyEndsNormally()
    {
        var script = "import os, time\nos.write(1, b'partial')\nos.close(1)\ntime.sleep(0.2)\n";
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.Equal("partial", Hostile.Text(result.Stdout));
    }
}

using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Tests;

/// <summary>
/// The candidate runs as the same user as the supervisor. These programs try to stop it, lock it out of
/// its own files, or starve it of memory; each must end as the program's own verdict, never as XX.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class SupervisorTamperingTests(DockerEngine docker)
{
    [Fact]
    public async Task SignalsToTheSupervisorAreIgnored()
    {
        var script = """
            import os, signal
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL, signal.SIGSTOP, signal.SIGHUP, signal.SIGUSR1, signal.SIGQUIT, signal.SIGALRM):
                try:
                    os.kill(1, sig)
                except OSError as e:
                    print('refused', sig)
            print('done')
            """;
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.EndsWith("done\n", Hostile.Text(result.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupervisorCannotBeTracedOrReadThroughProc()
    {
        var script = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            print('ptrace', libc.ptrace(16, 1, None, None))
            for path in ('/proc/1/fd/1', '/proc/1/mem', '/proc/1/environ'):
                try:
                    open(path, 'rb').read(1)
                    print(path, 'opened')
                except OSError:
                    print(path, 'refused')
            """;
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal("ptrace -1\n/proc/1/fd/1 refused\n/proc/1/mem refused\n/proc/1/environ refused\n", Hostile.Text(result.Stdout));
    }

    [Theory]
    [InlineData("import os\nos.makedirs('locked/deep')\nos.chmod('locked/deep', 0)\nos.chmod('locked', 0)\nos.chmod('.', 0o500)\n")]
    [InlineData("import os\nos.chmod('/box', 0o500)\n")]
    [InlineData("import os, shutil\nos.makedirs('/box/tests', exist_ok=True)\nshutil.rmtree('/box/tests')\nopen('/box/tests', 'w').write('a file where a folder belongs')\n")]
    [InlineData("import os\nos.symlink('/etc', '/box/tests')\n")]
    public async Task LockingTheSupervisorOutOfItsFilesIsUndone(string script)
    {
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.OK, result.Status);
    }

    [Fact]
    public async Task LockedOutputFolderIsStillCollected()
    {
        var script = "import os\nos.makedirs('out/inner')\nopen('out/inner/a.txt', 'w').write('a')\nos.chmod('out/inner/a.txt', 0)\nos.chmod('out/inner', 0)\nos.chmod('out', 0)\n";
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script, filesOut: ["work/out"]));
        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.Equal("work/out/inner/a.txt", Assert.Single(result.Files).Path);
    }

    [Fact]
    public async Task FloodOfEmptyFilesRunsOutOfInodesNotMemory()
    {
        var script = "import os\nn = 0\ntry:\n    while True:\n        open('/tmp/f%d' % n, 'w').close()\n        n += 1\nexcept OSError as e:\n    print('stopped', e.errno)\n";
        var limits = Hostile.Limits with { CpuTime = TimeSpan.FromSeconds(20), WallTime = TimeSpan.FromSeconds(30) };
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script, limits));
        Assert.Equal(SandboxStatus.OK, result.Status);
        Assert.Equal("stopped 28\n", Hostile.Text(result.Stdout));
    }

    [Fact]
    public async Task SharedMemoryDoesNotOutliveItsRun()
    {
        await using var box = await docker.StartAsync();
        var grab = """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            libc.shmat.restype = ctypes.c_void_p
            made = 0
            for _ in range(8):
                shmid = libc.shmget(0, 8 << 20, 0o1600)
                if shmid < 0:
                    break
                addr = libc.shmat(shmid, None, 0)
                ctypes.memset(addr, 1, 8 << 20)
                made += 1
            print(made)
            """;
        var first = await box.RunAsync(Hostile.Python(grab), CancellationToken.None);
        Assert.Equal(SandboxStatus.OK, first.Status);
        Assert.True(int.Parse(Hostile.Text(first.Stdout), System.Globalization.CultureInfo.InvariantCulture) <= 2, "the 16 MiB cap on System V shared memory holds");
        var census = await box.RunAsync(Hostile.Python("print(len(open('/proc/sysvipc/shm').read().splitlines()) - 1)"), CancellationToken.None);
        Assert.Equal("0\n", Hostile.Text(census.Stdout));
    }

    [Fact]
    public async Task NonUtf8FileNameAtTheSizeLimitIsReportedReadably()
    {
        var script = "import os, sys\nf = open(b'/box/work/\\xff', 'wb')\ntry:\n    f.write(b'x' * (16 << 20))\nexcept OSError:\n    sys.exit(1)\n";
        var result = await Hostile.RunBesideGoodAsync(docker, Hostile.Python(script));
        Assert.Equal(SandboxStatus.OLE, result.Status);
        Assert.Contains("/box/work/\uFFFD", result.Message, StringComparison.Ordinal);
    }
}

using System.Text;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Tests;

/// <summary>Runs one hostile program (a Python script) in a fresh sandbox, alongside a good grading.</summary>
internal static class Hostile
{
    public static readonly RunLimits Limits = new()
    {
        CpuTime = TimeSpan.FromSeconds(2),
        WallTime = TimeSpan.FromSeconds(4),
        MemoryBytes = 64L << 20,
        StdoutBytes = 1L << 20,
        StderrBytes = 256L << 10,
        FileSizeBytes = 8L << 20,
    };

    public static RunRequest Python(string script, RunLimits? limits = null, IReadOnlyList<string>? filesOut = null) => new()
    {
        Command = ["python3", "main.py"],
        FilesIn = [SandboxFile.Text("work/main.py", script)],
        FilesOut = filesOut ?? [],
        Limits = limits ?? Limits,
    };

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    /// <summary>
    /// Runs the hostile request and, at the same time, a good submission's grading; then checks that the
    /// sandbox still works (the grader survived) and returns the hostile run's result.
    /// </summary>
    public static async Task<RunResult> RunBesideGoodAsync(DockerEngine docker, RunRequest request, SandboxSpec? spec = null)
    {
        var good = docker.GradeGoodSubmissionAsync();
        await using var box = await docker.StartAsync(spec);
        var result = await box.RunAsync(request, CancellationToken.None);
        // The sandbox must still serve the next case: delete, copy in, run, copy out.
        await box.DeleteAsync(["work", "tests"], CancellationToken.None);
        var after = await box.RunAsync(new RunRequest
        {
            Command = ["python3", "-c", "import sys; print(open('probe.txt').read()); open('out.txt', 'w').write('out')"],
            FilesIn = [SandboxFile.Text("work/probe.txt", "still here")],
            FilesOut = ["work/out.txt"],
            Limits = Limits,
        }, CancellationToken.None);
        Assert.True(after.Status == SandboxStatus.OK, after.Message + Text(after.Stderr));
        Assert.Equal("still here\n", Text(after.Stdout));
        Assert.Equal("out", Text(Assert.Single(after.Files).Content));
        Assert.Equal(100, await good);
        return result;
    }
}

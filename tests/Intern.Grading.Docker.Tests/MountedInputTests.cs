using System.Text;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Docker.Tests;

/// <summary>
/// Large generated inputs: kept on disk by the grader, generated once per package content, and mounted read-only
/// into the sandboxes instead of copied into their memory-backed /box. The package is written by the test itself.
/// </summary>
[Collection(DockerTests.Name)]
public sealed class MountedInputTests(DockerEngine docker) : IDisposable
{
    // The program may use 64 MiB and /box holds 16 MiB: neither has room for a 96 MB input.
    private const string TaskYaml = """
        slug: bigcount
        title: Count a large input
        track: fixture
        version: 1
        languages: [python]
        image: intern/python
        run:
          command: [./run]
          limits: {cpu_time: 30s, wall_time: 60s, memory: 64MiB, stdout: 1MiB}
        sandbox: {pids: 32, cpus: 1, work_dir: 16MiB, tmp: 16MiB}
        checker: exact
        groups:
          - name: big
            visibility: after_due_date
            weight: 100
            generator: {command: [python3, generators/gen.py, --mb=MEGABYTES], seed: 5, count: 2}
        """;

    // Case i: one file part-i.log; the answer names the files the program must find and counts their bytes and lines.
    private const string Generator = """
        import os, sys
        mb = int(sys.argv[1].split("=")[1])
        count, out = int(sys.argv[3]), sys.argv[4]
        for i in range(1, count + 1):
            os.makedirs(f"{out}/{i}/input")
            block = b"".join(b"case %d line %06d\n" % (i, k) for k in range(50000))
            blocks = max(1, mb * 1_000_000 // len(block))
            with open(f"{out}/{i}/input/part-{i}.log", "wb") as f:
                for _ in range(blocks):
                    f.write(block)
            with open(f"{out}/{i}/args", "w") as f:
                f.write("{input}\n")
            with open(f"{out}/{i}/answer", "w") as f:
                f.write(f"files part-{i}.log\nbytes {blocks * len(block)}\nlines {blocks * 50000}\n")
        """;

    // Streams every file under the folder it is given, in 1 MiB reads.
    private static readonly List<SandboxFile> Streaming =
    [
        SandboxFile.Text("run", "#!/bin/sh\nexec python3 count.py \"$@\"\n", executable: true),
        SandboxFile.Text("count.py", """
            import os, sys
            root, names, size, lines = sys.argv[1], [], 0, 0
            for folder, _, files in sorted(os.walk(root)):
                for name in sorted(files):
                    names.append(os.path.relpath(os.path.join(folder, name), root))
                    with open(os.path.join(folder, name), "rb") as f:
                        while chunk := f.read(1 << 20):
                            size += len(chunk)
                            lines += chunk.count(b"\n")
            print("files " + " ".join(names))
            print(f"bytes {size}")
            print(f"lines {lines}")
            """),
    ];

    private const UnixFileMode Everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("intern-mounted-");

    private string CaseDirectory => Path.Combine(_scratch.FullName, "cases");

    private TaskDefinition WritePackage(string name, int megabytes, string generatorSuffix = "")
    {
        var root = Path.Combine(_scratch.FullName, name);
        Directory.CreateDirectory(Path.Combine(root, "generators"));
        File.WriteAllText(Path.Combine(root, "task.yaml"), TaskYaml.Replace("MEGABYTES", megabytes.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(root, "statement.md"), "# Count a large input\n");
        File.WriteAllText(Path.Combine(root, "generators", "gen.py"), Generator + generatorSuffix);
        return TaskLoader.Load(root);
    }

    [Fact]
    public async Task InputLargerThanTheMemoryLimitIsReadByAProgramUnderThatLimit()
    {
        var task = WritePackage("large", megabytes: 96);
        var settings = new GradingSettings { CaseDirectory = CaseDirectory };

        var result = await new Grader(docker.Sandboxes, settings, TimeProvider.System).GradeAsync(task, Streaming, null, CancellationToken.None);

        Assert.Null(result.Error);
        // Each case saw its own input and nothing else: the answer lists exactly that case's one file.
        Assert.All(result.Tests, t => Assert.True(t.Verdict == Results.TestVerdict.AC, t.Output));
        Assert.Equal(100, result.Score);
        Assert.Contains("./run /inputs", result.Tests[0].Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(CaseDirectory, "mounts")));
    }

    [Fact]
    public async Task TheSameInputCopiedIntoTheSandboxDoesNotFit()
    {
        // What the grader did before inputs were mounted: copy every input into /box (16 MiB here).
        var task = WritePackage("copied", megabytes: 96);
        var settings = new GradingSettings { CaseDirectory = CaseDirectory, MountInputsAbove = long.MaxValue };

        var result = await new Grader(docker.Sandboxes, settings, TimeProvider.System).GradeAsync(task, Streaming, null, CancellationToken.None);

        Assert.True(result.Error is not null || result.Score == 0, result.Output);
    }

    [Fact]
    public async Task MountedInputCannotBeChangedFromTheSandbox()
    {
        var inputs = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "inputs"));
        File.WriteAllText(Path.Combine(inputs.FullName, "data.log"), "original\n");
        // Writable by everyone: only the mount may stand in the way.
        File.SetUnixFileMode(Path.Combine(inputs.FullName, "data.log"), Everyone & ~(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute));
        File.SetUnixFileMode(inputs.FullName, Everyone);
        await using var box = await docker.StartAsync(new SandboxSpec { Image = DockerEngine.PythonImage, MemoryBytes = 64L << 20, InputsDirectory = inputs.FullName });
        var attempts = """
            import os
            tries = {
                "append": lambda: open("/inputs/data.log", "a").write("changed"),
                "create": lambda: open("/inputs/new.log", "w").write("x"),
                "remove": lambda: os.remove("/inputs/data.log"),
                "rename": lambda: os.rename("/inputs/data.log", "/inputs/moved.log"),
                "chmod": lambda: os.chmod("/inputs/data.log", 0o777),
                "mkdir": lambda: os.mkdir("/inputs/sub"),
            }
            for name, attempt in tries.items():
                try:
                    attempt()
                    print(name, "succeeded")
                except OSError as e:
                    print(name, "refused", e.errno)
            print("read", open("/inputs/data.log").read().strip())
            """;

        var run = await box.RunAsync(new RunRequest
        {
            Command = ["python3", "-c", attempts],
            Limits = new RunLimits { WallTime = TimeSpan.FromSeconds(20), CpuTime = TimeSpan.FromSeconds(10) },
        }, CancellationToken.None);

        var lines = Encoding.UTF8.GetString(run.Stdout.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SandboxStatus.OK, run.Status);
        // EROFS (30) for every change, whatever the file's permission bits would allow.
        Assert.Equal(["append refused 30", "create refused 30", "remove refused 30", "rename refused 30", "chmod refused 30", "mkdir refused 30", "read original"], lines);
        Assert.Equal(["data.log"], Directory.EnumerateFileSystemEntries(inputs.FullName).Select(Path.GetFileName));
        Assert.Equal("original\n", File.ReadAllText(Path.Combine(inputs.FullName, "data.log")));
    }

    [Fact]
    public async Task GeneratedCasesAreGeneratedOncePerPackageContent()
    {
        var sandboxes = new CountingSandboxes(docker.Sandboxes);
        var settings = new GradingSettings { CaseDirectory = CaseDirectory };
        // A new GeneratedCases per grading: what a second grader process (or a second `tasks check`) would have.
        async Task<double> GradeAsync(TaskDefinition task) =>
            (await new Grader(sandboxes, settings, TimeProvider.System, new GeneratedCases()).GradeAsync(task, Streaming, null, CancellationToken.None)).Score;

        Assert.Equal(100, await GradeAsync(WritePackage("cached", megabytes: 1)));
        Assert.Equal(1, sandboxes.Generators);
        Assert.Equal(100, await GradeAsync(WritePackage("cached", megabytes: 1)));
        Assert.Equal(1, sandboxes.Generators);

        // Another argument, or any change of the files the generator sees, is another set of cases.
        Assert.Equal(100, await GradeAsync(WritePackage("cached", megabytes: 2)));
        Assert.Equal(2, sandboxes.Generators);
        Assert.Equal(100, await GradeAsync(WritePackage("cached", megabytes: 2, generatorSuffix: "# changed\n")));
        Assert.Equal(3, sandboxes.Generators);
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    private sealed class CountingSandboxes(ISandboxFactory inner) : ISandboxFactory
    {
        private int _generators;

        public int Generators => _generators;

        public Task<ISandbox> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
        {
            if (spec.Role == "generator")
                Interlocked.Increment(ref _generators);
            return inner.StartAsync(spec, cancellationToken);
        }
    }
}

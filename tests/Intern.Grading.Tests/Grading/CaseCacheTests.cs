using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;
using Intern.Grading.Tests.Tasks;

namespace Intern.Grading.Tests.Grading;

/// <summary>
/// Generated cases are kept, in memory and on disk, only while they are used: a worker that lives through many edits of a
/// package does not keep every version's cases for ever.
/// </summary>
public sealed class CaseCacheTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("intern-case-cache-");

    private static GeneratedCases.Key Key(string package) => new(package, "hidden", 7, 3, "python3\0gen.py");

    [Fact]
    public void MemoryKeepsTheMostRecentlyUsedKeysOnly()
    {
        var cache = new GeneratedCases(capacity: 2);
        List<TestCase> first = [], second = [], third = [];
        cache.Add(Key("v1"), first);
        cache.Add(Key("v2"), second);
        // v1 used again: v2 is now the one used longest ago, and the third key pushes it out.
        Assert.Same(first, cache.TryGet(Key("v1")));
        cache.Add(Key("v3"), third);

        Assert.Same(first, cache.TryGet(Key("v1")));
        Assert.Null(cache.TryGet(Key("v2")));
        Assert.Same(third, cache.TryGet(Key("v3")));
        cache.Remove(Key("v3"));
        Assert.Null(cache.TryGet(Key("v3")));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeneratedCases(capacity: 0));
    }

    [Fact]
    public void DiskDropsFoldersNobodyUsedForAMonthAndLeftoversOfCrashedWriters()
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var used = Folder("used", now - TimeSpan.FromDays(40));
        var stale = Folder("stale", now - TimeSpan.FromDays(31));
        var recent = Folder("recent", now - TimeSpan.FromDays(29));
        var crashed = Folder(".half.0123", now - TimeSpan.FromDays(2));
        var writing = Folder(".half.4567", now - TimeSpan.FromHours(1));
        // A grading that reads cases marks their folder used, however old it was.
        Assert.True(CaseStore.MarkUsed(used));
        Assert.False(CaseStore.MarkUsed(Path.Combine(_root.FullName, "never-written")));

        Assert.Equal(2, CaseStore.Prune(_root.FullName, now));

        Assert.True(Directory.Exists(used));
        Assert.True(Directory.Exists(recent));
        Assert.True(Directory.Exists(writing));
        Assert.False(Directory.Exists(stale));
        Assert.False(Directory.Exists(crashed));
        Assert.False(CaseStore.MarkUsed(stale));
    }

    [Fact]
    public void AFolderAGraderMarksUsedWhilePruningLooksAtItIsPutBack()
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var folder = Folder("racing", now - TimeSpan.FromDays(40));
        var looks = 0;

        // Between pruning's look at the folder's time and its renaming the folder aside, a grader reads the cases.
        var removed = CaseStore.RemoveOlder(_root.FullName, now, _ =>
        {
            if (looks++ == 0)
                Assert.True(CaseStore.MarkUsed(folder));
            return CaseStore.KeptUnused;
        });

        Assert.Equal((0, 2), (removed, looks));
        Assert.True(File.Exists(Path.Combine(folder, "input", "01.txt")));
        Assert.Equal([folder], Directory.GetDirectories(_root.FullName));
    }

    [Fact]
    public void AGradingThatMountsInputsRemovesTheFoldersOfGradersThatCrashedADayAgo()
    {
        var mounts = CaseStore.Root(_root.FullName, "mounts");
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var crashed = Folder(Path.Combine("mounts", "crashed"), now - TimeSpan.FromDays(2));
        var running = Folder(Path.Combine("mounts", "running"), now - TimeSpan.FromHours(3));
        var big = new TestCase("01", ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, []) { InputOnDisk = running };

        using var inputs = MountedInputs.CreateFor(new GradingSettings { CaseDirectory = _root.FullName }, [big]);

        Assert.NotNull(inputs);
        Assert.Equal(mounts, Path.GetDirectoryName(inputs.HostDirectory));
        Assert.False(Directory.Exists(crashed));
        Assert.True(Directory.Exists(running));
    }

    [Fact]
    public async Task CasesRememberedInMemoryAreGeneratedAgainWhenTheirFolderWasRemoved()
    {
        using var package = new TempPackage();
        package.Write("task.yaml", """
            slug: sum
            title: Sum
            track: fixture
            version: 1
            languages: [python]
            image: intern/python
            run: {command: [./run]}
            checker: tokens
            groups:
              - name: hidden
                visibility: hidden
                weight: 1
                generator: {command: [./gen], seed: 3, count: 1}
            """).Write("gen", "#!/bin/sh\n");
        var task = TaskLoader.Load(package.Directory);
        var settings = new GradingSettings { CaseDirectory = _root.FullName };
        var generator = new Generator();
        var memory = new GeneratedCases();

        await TestCaseSource.LoadAsync(task, settings, generator, memory, CancellationToken.None);
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(_root.FullName, "generated")));
        // Another grader removed the folder as unused (or a person cleaned the disk): memory alone must not serve.
        Directory.Delete(folder, recursive: true);
        var cases = await TestCaseSource.LoadAsync(task, settings, generator, memory, CancellationToken.None);

        Assert.Equal(2, generator.Runs);
        Assert.True(Directory.Exists(folder));
        Assert.Equal("1 2\n", System.Text.Encoding.UTF8.GetString(Assert.Single(Assert.Single(cases)).Input.Span));
    }

    /// <summary>A generator sandbox that writes one case, 1 + 2 = 3, and counts its runs.</summary>
    private sealed class Generator() : ScriptedSandbox("generator"), ISandboxFactory
    {
        public int Runs { get; private set; }

        public Task<ISandbox> StartAsync(SandboxSpec spec, CancellationToken cancellationToken) => Task.FromResult<ISandbox>(this);

        public override Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken)
        {
            Runs++;
            var outDir = request.FilesOut[0];
            return Task.FromResult(new RunResult
            {
                Status = SandboxStatus.OK,
                Files = [new SandboxFile(outDir + "/01.in", "1 2\n"u8.ToArray()), new SandboxFile(outDir + "/01.ans", "3\n"u8.ToArray())],
            });
        }
    }

    private string Folder(string name, DateTime lastUsed)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root.FullName, name, "input")).Parent!.FullName;
        File.WriteAllText(Path.Combine(folder, "input", "01.txt"), "1 2\n");
        Directory.SetLastWriteTimeUtc(folder, lastUsed);
        return folder;
    }

    public void Dispose() => _root.Delete(recursive: true);
}

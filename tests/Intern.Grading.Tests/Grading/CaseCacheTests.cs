using Intern.Grading.Grading;
using Intern.Grading.Tasks;

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

    private string Folder(string name, DateTime lastUsed)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root.FullName, name, "input")).Parent!.FullName;
        File.WriteAllText(Path.Combine(folder, "input", "01.txt"), "1 2\n");
        Directory.SetLastWriteTimeUtc(folder, lastUsed);
        return folder;
    }

    public void Dispose() => _root.Delete(recursive: true);
}

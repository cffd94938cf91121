using Intern.Server.Reviews;

namespace Intern.Server.Tests.Reviews;

/// <summary>A report is read once per blob, path and what the reader may see; a blind reader never gets an open copy.</summary>
public sealed class ReportCacheTests
{
    private static readonly BlindView Open = new(true, "", []);
    private static readonly BlindView Blind = new(false, "Amber Badger 1F", ["ada", "lovelace"]);

    [Fact]
    public async Task EachReaderViewIsReadOnceAndKeptApart()
    {
        using var cache = new ReportCache();
        var reads = 0;
        Task<ReportDocument?> Read(string text)
        {
            reads++;
            return Task.FromResult<ReportDocument?>(new ReportDocument("report.pdf", "pdf", [], [text]));
        }

        var first = await cache.GetOrReadAsync("blob1", "report.pdf", Open, () => Read("by Ada Lovelace"));
        var again = await cache.GetOrReadAsync("blob1", "report.pdf", Open, () => Read("read twice"));
        var blind = await cache.GetOrReadAsync("blob1", "report.pdf", Blind, () => Read("by Amber-Badger-1F"));
        var other = await cache.GetOrReadAsync("blob2", "report.pdf", Open, () => Read("another upload"));

        Assert.Equal(3, reads);
        Assert.Same(first, again);
        Assert.Equal("by Amber-Badger-1F", blind!.Pages[0]);
        Assert.Equal("another upload", other!.Pages[0]);
        Assert.Equal("by Amber-Badger-1F", (await cache.GetOrReadAsync("blob1", "report.pdf", Blind, () => Read("x")))!.Pages[0]);
        Assert.Equal(3, reads);
    }

    [Fact]
    public void ADocumentCountsTheTextItHolds()
    {
        var notebook = new ReportDocument("report.ipynb", "notebook", [new NotebookCell("code", "print(1)", [new NotebookOutput("text", "1\n")])], []);
        Assert.Equal(1 + 8 + 2, ReportCache.SizeOf(notebook));
    }
}

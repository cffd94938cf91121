using Microsoft.Extensions.Caching.Memory;

namespace Intern.Server.Reviews;

/// <summary>
/// Notebook and PDF reports as read for the review sheet, kept for a while by the blob they came from and by what the reader
/// may see (a blind reader's copy has the identity taken out). The sheet is fetched again after every line comment, and a
/// hostile PDF may take the full read time: each is read once, not once per page view. A read that ran out of time is
/// kept too, so that nobody can start a slow parse again and again.
/// </summary>
public sealed class ReportCache : IDisposable
{
    /// <summary>Roughly the characters held: notebooks carry images as data URIs of up to 8 MiB each.</summary>
    private const long Capacity = 64L << 20;

    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public async Task<ReportDocument?> GetOrReadAsync(string blob, string path, BlindView reader, Func<Task<ReportDocument?>> read)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(read);
        var key = string.Join('\n', [blob, path, reader.Reveals ? "" : reader.Pseudonym, .. reader.Reveals ? [] : reader.Terms]);
        if (_cache.TryGetValue(key, out ReportDocument? known))
            return known;
        var document = await read();
        if (document is not null)
            _cache.Set(key, document, new MemoryCacheEntryOptions { Size = Math.Min(Capacity, SizeOf(document)), SlidingExpiration = Idle });
        return document;
    }

    internal static long SizeOf(ReportDocument document) => 1 + document.Pages.Sum(p => (long)p.Length)
        + document.Cells.Sum(c => c.Source.Length + c.Outputs.Sum(o => (long)o.Content.Length));

    public void Dispose() => _cache.Dispose();
}

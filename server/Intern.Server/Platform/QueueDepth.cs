using System.Diagnostics.Metrics;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server;

/// <summary>
/// Jobs per state for the <c>intern.queue.depth</c> gauge. Every scrape of every server would otherwise count the
/// jobs table, so the counts are read at most once per <see cref="MetricsOptions.QueueDepthRefresh"/> and kept.
/// A database that cannot be reached gives no measurement at all: a gap in the graph, never a made-up zero.
/// </summary>
public sealed partial class QueueDepth(IServiceScopeFactory scopes, TimeProvider time, MetricsOptions options, ILogger<QueueDepth> log)
{
    // A scrape waits for this read, and Prometheus gives up on a scrape after 10 s by default.
    private const int CommandTimeoutSeconds = 3;

    private readonly Lock _gate = new();
    private Measurement<long>[] _last = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    /// <summary>The gauge's callback: the cached counts, read again when they are older than the refresh interval.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _readAt < options.QueueDepthRefresh)
                return _last;
            _readAt = now;
            try
            {
                _last = Read();
            }
            catch (Exception e) when (DatabaseOutage.Is(e) || e is System.Data.Common.DbException)
            {
                LogUnavailable(e.GetBaseException().Message);
                _last = [];
            }
            return _last;
        }
    }

    // Synchronous on purpose: an observable instrument's callback cannot await.
    private Measurement<long>[] Read()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        db.Database.SetCommandTimeout(CommandTimeoutSeconds);
        // Rejudge previews are queued work too.
        var counts = db.GradingJobs.IgnoreQueryFilters().GroupBy(j => j.State).Select(g => new { State = g.Key, Count = g.Count() })
            .ToDictionary(c => c.State, c => (long)c.Count);
        return [.. Enum.GetValues<JobState>().Select(s => new Measurement<long>(counts.GetValueOrDefault(s), new KeyValuePair<string, object?>("state", Label(s))))];
    }

    private static string Label(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    [LoggerMessage(LogLevel.Warning, "Queue depth for /metrics could not be read: {Message}")]
    private partial void LogUnavailable(string message);
}

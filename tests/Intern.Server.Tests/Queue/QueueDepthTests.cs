using System.Diagnostics.Metrics;
using Intern.Server.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Intern.Server.Tests.Queue;

/// <summary>The queue depth gauge's reading, on every provider: counts per state, reused within the refresh interval.</summary>
public abstract class QueueDepthTests<TDatabases>(TDatabases databases) : IClassFixture<TDatabases>
    where TDatabases : TestDatabases
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task CountsJobsPerStateAndRereadsOnlyAfterTheRefreshInterval()
    {
        await using var s = await QueueScenario.StartAsync(databases);
        await s.EnqueueAsync();
        await s.EnqueueAsync();
        Assert.NotNull(await s.Worker().ClaimAsync("w1", default));
        await using var services = Services(s.Database);
        var depth = new QueueDepth(services.GetRequiredService<IServiceScopeFactory>(), s.Clock, new MetricsOptions { QueueDepthRefresh = Refresh }, NullLogger<QueueDepth>.Instance);

        Assert.Equal(new Dictionary<string, long> { ["queued"] = 1, ["running"] = 1, ["succeeded"] = 0, ["failed"] = 0 }, Counts(depth.Observe()));
        await s.EnqueueAsync();
        Assert.Equal(1, Counts(depth.Observe())["queued"]);
        s.Clock.Advance(Refresh);
        Assert.Equal(2, Counts(depth.Observe())["queued"]);
    }

    [Fact]
    public async Task AnUnreachableDatabaseGivesNoMeasurementRatherThanZero()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"intern-no-such-dir-{Guid.NewGuid():N}", "intern.db");
        await using var services = Services(new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={missing};Mode=ReadWrite;Pooling=False" });
        var depth = new QueueDepth(services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, new MetricsOptions(), NullLogger<QueueDepth>.Instance);
        Assert.Empty(depth.Observe());
    }

    private static ServiceProvider Services(DatabaseOptions database) => new ServiceCollection().AddInternDatabase(database).BuildServiceProvider();

    private static Dictionary<string, long> Counts(IEnumerable<Measurement<long>> measurements) =>
        measurements.ToDictionary(m => (string)m.Tags[0].Value!, m => m.Value);
}

public sealed class QueueDepthOnSqliteTests(SqliteDatabases databases) : QueueDepthTests<SqliteDatabases>(databases);

public sealed class QueueDepthOnPostgresTests(PostgresDatabases databases) : QueueDepthTests<PostgresDatabases>(databases);

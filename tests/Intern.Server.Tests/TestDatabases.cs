using Intern.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Intern.Server.Tests;

/// <summary>
/// Fresh, migrated databases for tests: one per call, so that no test sees another's data. PostgreSQL
/// is a real server named by INTERN_TEST_POSTGRES (`./intern test` starts one); without it the tests
/// fail loudly rather than skip.
/// </summary>
public abstract class TestDatabases : IAsyncLifetime
{
    private readonly List<Func<Task>> _cleanup = [];

    public abstract string Provider { get; }

    /// <summary>A new empty database, with every migration applied unless <paramref name="migrate"/> is false; returns its options.</summary>
    public abstract Task<DatabaseOptions> CreateAsync(bool migrate = true);

#pragma warning disable CA1822 // an instance member on purpose: tests reach databases only through their fixture
    public InternDb Open(DatabaseOptions options) => DatabaseRegistration.Create(options);
#pragma warning restore CA1822

    protected void OnDispose(Func<Task> cleanup) => _cleanup.Add(cleanup);

    protected static async Task MigrateAsync(DatabaseOptions options)
    {
        await using var db = DatabaseRegistration.Create(options);
        await db.Database.MigrateAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cleanup in _cleanup)
            await cleanup();
    }
}

public sealed class SqliteDatabases : TestDatabases
{
    public override string Provider => "sqlite";

    public override async Task<DatabaseOptions> CreateAsync(bool migrate = true)
    {
        var path = Path.Combine(Path.GetTempPath(), $"intern-test-{Guid.NewGuid():N}.db");
        var options = new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={path};Pooling=False" };
        OnDispose(() =>
        {
            File.Delete(path);
            return Task.CompletedTask;
        });
        if (migrate)
            await MigrateAsync(options);
        return options;
    }
}

public sealed class PostgresDatabases : TestDatabases
{
    /// <summary>
    /// Drops a test database, whoever is still connected. FORCE cannot end a backend of a role the test role may not
    /// signal, such as an autovacuum worker that just started on the fresh database (42501): it is done in a moment,
    /// so the drop is tried again for a while.
    /// </summary>
    public static async Task DropAsync(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (attempt < 20 && e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(250);
            }
        }
    }

    public const string Variable = "INTERN_TEST_POSTGRES";

    public override string Provider => "postgres";

    public override async Task<DatabaseOptions> CreateAsync(bool migrate = true)
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(admin))
            throw new InvalidOperationException($"{Variable} is not set: run the tests through `./intern test`, which starts PostgreSQL.");
        var name = $"intern_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        OnDispose(() => DropAsync(admin, name));
        var options = new DatabaseOptions { Provider = "postgres", ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString };
        if (migrate)
            await MigrateAsync(options);
        return options;
    }
}

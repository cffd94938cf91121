using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Intern.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Intern.Server.Tests.Persistence;

/// <summary>
/// A PostgreSQL cluster of the test's own, for tests that stop and start the database server: the shared
/// cluster of INTERN_TEST_POSTGRES serves every other test (and other people's runs) and is never touched.
/// Made with Debian's postgresql-common tools, which `./intern test` installs with PostgreSQL; needs root.
/// It holds one migrated database and is dropped on dispose.
/// </summary>
internal sealed class ThrowawayCluster : IAsyncDisposable
{
    private const string Role = "intern";
    private const string Password = "intern";

    private readonly string _version;
    private readonly string _name;

    private ThrowawayCluster(string version, string name, int port)
    {
        (_version, _name) = (version, name);
        Database = new DatabaseOptions
        {
            Provider = "postgres",
            ConnectionString = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = Role, Password = Password, Database = "intern" }.ConnectionString,
        };
    }

    public DatabaseOptions Database { get; }

    public static async Task<ThrowawayCluster> CreateAsync()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("A throwaway PostgreSQL cluster needs root (pg_createcluster): run the tests as root, as `./intern test` does.");
        if (!File.Exists("/usr/bin/pg_createcluster") || !Directory.Exists("/usr/lib/postgresql"))
            throw new InvalidOperationException("PostgreSQL (with postgresql-common's pg_createcluster) is not installed: `./intern test` installs it.");
        var version = Directory.GetDirectories("/usr/lib/postgresql").Select(Path.GetFileName).OrderBy(v => int.TryParse(v, out var n) ? n : 0).Last()!;
        var port = FreePort();
        var cluster = new ThrowawayCluster(version, $"intern_test_{Guid.NewGuid():N}"[..24], port);
        // fsync off and no initial sync: the data is thrown away, and this machine is shared with other test runs.
        await RunAsync("pg_createcluster", version, cluster._name, "-p", $"{port}", "--start", "-o", "fsync=off", "--", "--no-sync");
        try
        {
            await RunAsync("runuser", "-u", "postgres", "--", "psql", "-p", $"{port}", "-qAt",
                "-c", $"CREATE ROLE {Role} LOGIN PASSWORD '{Password}'", "-c", $"CREATE DATABASE intern OWNER {Role}");
            await using var db = DatabaseRegistration.Create(cluster.Database);
            await db.Database.MigrateAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Fast shutdown: open transactions are rolled back and every connection is cut.</summary>
    public Task StopAsync() => RunAsync("pg_ctlcluster", "-m", "fast", _version, _name, "stop");

    public async Task StartAsync()
    {
        await RunAsync("pg_ctlcluster", _version, _name, "start");
        // This process's idle connections died with the old server; the next query must not get one of them.
        ClearPool();
    }

    public async ValueTask DisposeAsync()
    {
        ClearPool();
        await RunAsync("pg_dropcluster", "--stop", _version, _name);
    }

    private void ClearPool()
    {
        using var connection = new NpgsqlConnection(Database.ConnectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Data;
using System.Diagnostics;
using Intern.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Intern.Server.Backups;

/// <summary>
/// PostgreSQL's half of a backup, with pg_dump and pg_restore from postgresql-client. The connection goes to them
/// through PG* environment variables, so the password never appears in a process list. pg_dump must be at least the server's major version; it says
/// so itself when it is not.
/// </summary>
internal static class PostgresBackup
{
    /// <summary>Dumps the database in pg_dump's custom format (compressed, restorable table by table) and takes its inventory, both in one snapshot.</summary>
    public static async Task<BackupInventory> DumpAsync(DatabaseOptions options, string payload, string? postgresBin, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(ct);
        // pg_dump joins this transaction's snapshot, so the inventory counts exactly what is dumped.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction))
            snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        await using var db = new PostgresInternDb(new DbContextOptionsBuilder<PostgresInternDb>().UseNpgsql(connection).Options);
        await db.Database.UseTransactionAsync(transaction, ct);
        var inventory = await BackupInventory.TakeAsync(db, ct);
        await RunAsync(Tool("pg_dump", postgresBin), target,
            ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--file={payload}"], ct);
        await transaction.CommitAsync(ct);
        return inventory;
    }

    /// <summary>Restores a dump into the configured database, creating it when missing; a database with tables only when forced, after emptying it.</summary>
    public static async Task RestoreAsync(DatabaseOptions options, string payload, bool force, string? postgresBin, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        await CreateDatabaseIfMissingAsync(target, ct);
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
            if ((long)(await tables.ExecuteScalarAsync(ct))! > 0)
            {
                if (!force)
                    throw new BackupException($"The database {target.Database} is not empty: restore into an empty database, or pass --force to replace everything in it.");
                await using var clear = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public", connection);
                await clear.ExecuteNonQueryAsync(ct);
            }
        }
        NpgsqlConnection.ClearAllPools();
        // One transaction: the dump arrives whole, or nothing of it does.
        await RunAsync(Tool("pg_restore", postgresBin), target,
            ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", $"--dbname={target.Database}", payload], ct);
    }

    private static async Task CreateDatabaseIfMissingAsync(NpgsqlConnectionStringBuilder target, CancellationToken ct)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database ?? "");
        if ((long)(await exists.ExecuteScalarAsync(ct))! > 0)
            return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The configured folder's tool, else the newest Debian-installed version's, else whatever PATH finds.</summary>
    private static string Tool(string name, string? binDirectory)
    {
        if (!string.IsNullOrEmpty(binDirectory))
            return Path.Combine(binDirectory, name);
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => d.Version > 0 && File.Exists(Path.Combine(d.Dir, "bin", name)))
                .MaxBy(d => d.Version);
            if (newest.Dir is not null)
                return Path.Combine(newest.Dir, "bin", name);
        }
        return name;
    }

    private static async Task RunAsync(string tool, NpgsqlConnectionStringBuilder database, IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PGHOST"] = database.Host ?? "localhost";
        start.Environment["PGPORT"] = database.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = database.Database;
        start.Environment["PGUSER"] = database.Username;
        start.Environment["PGPASSWORD"] = database.Password;
        start.Environment["PGSSLMODE"] = database.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BackupException($"{tool} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackupException($"{tool} could not be run ({e.Message}): install postgresql-client (`apt-get install postgresql-client`), or name its folder in Backup:PostgresBin.");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await output;
            if (process.ExitCode != 0)
                throw new BackupException($"{Path.GetFileName(tool)} failed with exit code {process.ExitCode}:\n{(await errors).Trim()}");
        }
    }
}

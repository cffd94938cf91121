using Intern.Server.Persistence;
using Microsoft.Data.Sqlite;

namespace Intern.Server.Backups;

/// <summary>
/// SQLite's half of a backup: its online backup API copies the database page by page under a read lock, so the
/// copy is consistent while the server goes on writing, and copies a backup back the same way.
/// </summary>
internal static class SqliteBackup
{
    public static async Task<BackupInventory> CopyAsync(DatabaseOptions options, string payload, CancellationToken ct)
    {
        var source = SqliteFile(options);
        if (!File.Exists(source.DataSource))
            throw new BackupException($"There is no SQLite database at {Path.GetFullPath(source.DataSource)}.");
        await using (var from = new SqliteConnection(source.ConnectionString))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = payload, Pooling = false }.ConnectionString))
        {
            await from.OpenAsync(ct);
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
        }
        // The copy is what is kept, so the copy is what is counted.
        var copy = new DatabaseOptions { Provider = "sqlite", ConnectionString = new SqliteConnectionStringBuilder { DataSource = payload, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString };
        await using var db = DatabaseRegistration.Create(copy);
        return await BackupInventory.TakeAsync(db, ct);
    }

    public static async Task RestoreAsync(DatabaseOptions options, string payload, bool force, CancellationToken ct)
    {
        await using var to = new SqliteConnection(SqliteFile(options).ConnectionString);
        await to.OpenAsync(ct);
        await using (var tables = to.CreateCommand())
        {
            tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            if ((long)(await tables.ExecuteScalarAsync(ct))! > 0 && !force)
                throw new BackupException($"The database {to.DataSource} is not empty: restore into an empty database, or pass --force to replace everything in it.");
        }
        // The backup API replaces every page of the target under its lock: the target is never half old, half new.
        await using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = payload, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
        await from.OpenAsync(ct);
        from.BackupDatabase(to);
    }

    private static SqliteConnectionStringBuilder SqliteFile(DatabaseOptions options) => new(options.ConnectionString);
}

using System.Globalization;
using Intern.Server.Persistence;

namespace Intern.Server.Backups;

/// <summary>Section <c>Backup</c>: what `backup` and `restore` need besides the database.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Folder of pg_dump and pg_restore; unset, the newest under /usr/lib/postgresql/*/bin, else PATH's.</summary>
    public string? PostgresBin { get; set; }
}

/// <summary>
/// `Intern.Server backup FILE [--force]` and `Intern.Server restore FILE [--force]`, against the configured database
/// (the same Database section as the server's, from appsettings.json and the environment). Exit 0 done (and, for a
/// restore, verified), 1 refused or failed, 2 usage error. Backup:PostgresBin names the folder of pg_dump and
/// pg_restore (see <see cref="BackupOptions"/>).
/// </summary>
public static class BackupCommand
{
    public static async Task<int> RunAsync(string[] args, Func<IConfiguration, DatabaseOptions> database)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(database);
        var verb = args[0];
        var force = args.Contains("--force", StringComparer.Ordinal);
        var files = args[1..].Where(a => a != "--force").ToList();
        if (files.Count != 1 || files[0].StartsWith('-'))
        {
            await Console.Error.WriteLineAsync($"usage: {verb} FILE [--force]");
            return 2;
        }
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = database(configuration);
        var postgresBin = configuration.GetSection(BackupOptions.Section).Get<BackupOptions>()?.PostgresBin;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return verb == "backup"
                ? await BackupAsync(options, files[0], force, postgresBin, cancel.Token)
                : await RestoreAsync(options, files[0], force, postgresBin, cancel.Token);
        }
        catch (Exception e) when (e is BackupException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            // What went wrong is the operator's to fix (a path, a permission, a server): the message, not a stack trace.
            await Console.Error.WriteLineAsync($"{verb}: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> BackupAsync(DatabaseOptions options, string file, bool force, string? postgresBin, CancellationToken ct)
    {
        var manifest = await DatabaseBackup.BackupAsync(options, file, force, postgresBin, TimeProvider.System, ct);
        var inventory = manifest.Inventory;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backed up the {options.Provider} database to {Path.GetFullPath(file)} ({new FileInfo(file).Length} bytes): " +
            $"{inventory.Rows.Count} tables, {inventory.Rows.Values.Sum()} rows, {inventory.Rows.GetValueOrDefault("Blobs")} blob(s) of {inventory.BlobBytes} bytes, " +
            $"schema at {inventory.LastMigration ?? "no migration"}."));
        if (inventory.CorruptBlobs > 0)
        {
            // Kept as it is (a backup should not hide the state it found), but said loudly.
            Console.Error.WriteLine($"backup: warning: {inventory.CorruptBlobs} blob(s) in the database do not hash to their name.");
        }
        return 0;
    }

    private static async Task<int> RestoreAsync(DatabaseOptions options, string file, bool force, string? postgresBin, CancellationToken ct)
    {
        var report = await DatabaseBackup.RestoreAsync(options, file, force, postgresBin, ct);
        var expected = report.Manifest.Inventory;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Restored the {report.Manifest.Provider} backup of {report.Manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC from {Path.GetFullPath(file)}:"));
        foreach (var (table, rows) in expected.Rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {table,-28} {report.Restored.Rows.GetValueOrDefault(table, -1),8} of {rows} row(s)"));
        if (report.Differences.Count > 0)
        {
            foreach (var difference in report.Differences)
                await Console.Error.WriteLineAsync($"restore: MISMATCH {difference}");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Verified: every table's row count, {report.Restored.Rows.GetValueOrDefault("Blobs")} blob(s) of {report.Restored.BlobBytes} bytes re-hashed against their names and the grading results' digest match the backup."));
        return 0;
    }
}

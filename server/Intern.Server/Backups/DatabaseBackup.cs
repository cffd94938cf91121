using System.Formats.Tar;
using System.Text.Json;
using Intern.Server.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Intern.Server.Backups;

/// <summary>What a backup file says about itself: its format, the provider it came from, when, and its inventory.</summary>
public sealed record BackupManifest(int Format, string Provider, DateTimeOffset CreatedAt, BackupInventory Inventory)
{
    public const int CurrentFormat = 1;
}

/// <summary>A backup or restore that could not be done, with what to do about it.</summary>
public sealed class BackupException(string message) : Exception(message);

/// <summary>A finished restore: what the backup promised, what arrived, and how they differ (empty when verified).</summary>
public sealed record RestoreReport(BackupManifest Manifest, BackupInventory Restored, IReadOnlyList<string> Differences);

/// <summary>
/// Backup and restore of the whole database, blobs included (they live in it). A backup file is a tar of
/// <c>manifest.json</c> and the provider's own copy: pg_dump's custom format for PostgreSQL (taken in the same
/// snapshot as the inventory, while the platform keeps running), SQLite's online backup API for SQLite (a
/// consistent copy even while the server writes). A restore goes into an empty database unless forced, and then
/// compares the database's inventory with the manifest's.
/// </summary>
public static class DatabaseBackup
{
    private const string ManifestEntry = "manifest.json";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<BackupManifest> BackupAsync(DatabaseOptions options, string file, bool overwrite, string? postgresBin, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        file = Path.GetFullPath(file);
        if (File.Exists(file) && !overwrite)
            throw new BackupException($"{file} exists already: choose another name, or pass --force to replace it.");
        var work = WorkDirectory(file);
        try
        {
            var payload = Path.Combine(work, PayloadEntry(options.Provider));
            var inventory = options.Provider == "postgres"
                ? await PostgresBackup.DumpAsync(options, payload, postgresBin, ct)
                : await SqliteBackup.CopyAsync(options, payload, ct);
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, options.Provider, time.GetUtcNow(), inventory);
            await File.WriteAllBytesAsync(Path.Combine(work, ManifestEntry), JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct);
            // Written beside the target and renamed: a backup that is there is a whole one.
            var partial = file + ".partial";
            File.Delete(partial);
            await using (var tar = new FileStream(partial, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            await using (var writer = new TarWriter(tar, TarEntryFormat.Pax))
            {
                await writer.WriteEntryAsync(Path.Combine(work, ManifestEntry), ManifestEntry, ct);
                await writer.WriteEntryAsync(payload, Path.GetFileName(payload), ct);
            }
            File.Move(partial, file, overwrite);
            return manifest;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    public static async Task<RestoreReport> RestoreAsync(DatabaseOptions options, string file, bool force, string? postgresBin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        file = Path.GetFullPath(file);
        if (!File.Exists(file))
            throw new BackupException($"There is no backup at {file}.");
        var work = WorkDirectory(file);
        try
        {
            var manifest = await ExtractAsync(file, work, ct);
            if (manifest.Provider != options.Provider)
                throw new BackupException($"{file} is a {manifest.Provider} backup and the configured database is {options.Provider}: restore it into a {manifest.Provider} database.");
            var payload = Path.Combine(work, PayloadEntry(manifest.Provider));
            if (options.Provider == "postgres")
                await PostgresBackup.RestoreAsync(options, payload, force, postgresBin, ct);
            else
                await SqliteBackup.RestoreAsync(options, payload, force, ct);
            await using var db = DatabaseRegistration.Create(options);
            var restored = await BackupInventory.TakeAsync(db, ct);
            return new RestoreReport(manifest, restored, manifest.Inventory.Differences(restored));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
        }
    }

    private static string PayloadEntry(string provider) => provider == "postgres" ? "database.pgdump" : "database.sqlite";

    // Beside the backup file rather than in /tmp, which is often a small tmpfs; like the backup itself (password
    // hashes, token hashes, every applicant's code), readable by its owner only.
    private static string WorkDirectory(string file) => Directory.CreateDirectory(
        Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}"), OwnerOnly | UnixFileMode.UserExecute).FullName;

    private static async Task<BackupManifest> ExtractAsync(string file, string work, CancellationToken ct)
    {
        await using var tar = File.OpenRead(file);
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(cancellationToken: ct) is { } entry)
        {
            // Only the two names a backup has, as regular files: nothing in the archive picks a path on this machine.
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                || entry.Name is not (ManifestEntry or "database.pgdump" or "database.sqlite"))
                throw new BackupException($"{file} is not an Intern backup: it holds '{entry.Name}'.");
            await entry.ExtractToFileAsync(Path.Combine(work, entry.Name), overwrite: false, ct);
        }
        var manifestPath = Path.Combine(work, ManifestEntry);
        if (!File.Exists(manifestPath))
            throw new BackupException($"{file} is not an Intern backup: it has no {ManifestEntry}.");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllBytesAsync(manifestPath, ct), Json)
            ?? throw new BackupException($"{file} has an empty {ManifestEntry}.");
        if (manifest.Format != BackupManifest.CurrentFormat)
            throw new BackupException($"{file} is a backup of format {manifest.Format}; this version reads format {BackupManifest.CurrentFormat}.");
        if (!File.Exists(Path.Combine(work, PayloadEntry(manifest.Provider))))
            throw new BackupException($"{file} has no database copy for {manifest.Provider}.");
        return manifest;
    }
}

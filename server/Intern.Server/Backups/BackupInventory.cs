using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Intern.Server.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Intern.Server.Backups;

/// <summary>
/// What a backup holds, taken from the same snapshot that is dumped, and taken again from the restored database:
/// rows per table, the last migration, and digests of the blobs (every blob's content is hashed again, so a
/// corrupted archive is caught, not only a missing row) and of the grading results. Equal inventories are the
/// restore's proof that it brought back what was backed up.
/// </summary>
public sealed record BackupInventory(
    SortedDictionary<string, long> Rows, string? LastMigration, long BlobBytes, string BlobDigest, int CorruptBlobs, string ResultDigest)
{
    public const string MigrationsTable = "__EFMigrationsHistory";

    /// <summary>Reads the inventory through <paramref name="db"/>, inside its current transaction if it has one.</summary>
    public static async Task<BackupInventory> TakeAsync(InternDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>()
            .Append(MigrationsTable).Distinct(StringComparer.Ordinal);
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
            rows[table] = Convert.ToInt64(await ScalarAsync(db, $"""SELECT COUNT(*) FROM "{table}" """, ct), System.Globalization.CultureInfo.InvariantCulture);
        var migration = await ScalarAsync(db, $"""SELECT MAX("MigrationId") FROM "{MigrationsTable}" """, ct) as string;

        // Sorted in memory: the providers order Guids and text differently in SQL.
        var blobs = new List<string>();
        long bytes = 0;
        var corrupt = 0;
        await using (var command = await CommandAsync(db, """SELECT "Sha256", "Content" FROM "Blobs" """, ct))
        await using (var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var sha = reader.GetString(0);
                var content = (byte[])reader.GetValue(1);
                bytes += content.LongLength;
                if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), sha, StringComparison.Ordinal))
                    corrupt++;
                blobs.Add($"{sha} {content.LongLength}");
            }
        }
        var results = await db.GradingRecords.AsNoTracking()
            .Select(r => new { r.Id, r.SubmissionId, r.JobId, r.Score, r.MaxScore, r.Json }).ToListAsync(ct);
        var resultLines = results.Select(r => FormattableString.Invariant($"{r.Id} {r.SubmissionId} {r.JobId} {r.Score} {r.MaxScore} {r.Json}"));
        return new BackupInventory(rows, migration, bytes, Digest(blobs), corrupt, Digest(resultLines));
    }

    /// <summary>Every way in which <paramref name="restored"/> differs from this inventory, in words; empty when they agree.</summary>
    public IReadOnlyList<string> Differences(BackupInventory restored)
    {
        ArgumentNullException.ThrowIfNull(restored);
        var differences = new List<string>();
        foreach (var table in Rows.Keys.Union(restored.Rows.Keys, StringComparer.Ordinal))
        {
            var expected = Rows.GetValueOrDefault(table, -1);
            var actual = restored.Rows.GetValueOrDefault(table, -1);
            if (expected != actual)
                differences.Add($"table {table}: {Count(expected)} in the backup, {Count(actual)} restored");
        }
        if (!string.Equals(LastMigration, restored.LastMigration, StringComparison.Ordinal))
            differences.Add($"last migration: {LastMigration} in the backup, {restored.LastMigration} restored");
        if (BlobBytes != restored.BlobBytes || !string.Equals(BlobDigest, restored.BlobDigest, StringComparison.Ordinal))
            differences.Add($"blobs: {BlobBytes} bytes (digest {BlobDigest[..12]}) in the backup, {restored.BlobBytes} bytes (digest {restored.BlobDigest[..12]}) restored");
        if (restored.CorruptBlobs > 0)
            differences.Add($"{restored.CorruptBlobs} restored blob(s) do not hash to their name");
        if (!string.Equals(ResultDigest, restored.ResultDigest, StringComparison.Ordinal))
            differences.Add("grading results differ from the backup's");
        return differences;

        static string Count(long n) => n < 0 ? "no table" : $"{n} row(s)";
    }

    private static string Digest(IEnumerable<string> lines)
    {
        var text = string.Join('\n', lines.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static async Task<object?> ScalarAsync(InternDb db, string sql, CancellationToken ct)
    {
        await using var command = await CommandAsync(db, sql, ct);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    private static async Task<DbCommand> CommandAsync(InternDb db, string sql, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await db.Database.OpenConnectionAsync(ct);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}

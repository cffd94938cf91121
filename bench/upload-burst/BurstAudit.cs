using System.Security.Cryptography;
using Intern.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Intern.Bench.UploadBurst;

/// <summary>One upload of the burst as the client saw it.</summary>
internal sealed record Upload(int Applicant, string ArchiveSha256, int Status, Guid? SubmissionId, double Milliseconds);

/// <summary>
/// What the database must hold after the burst, read back from it: every 202 has its submission (with the very
/// archive that was sent), exactly one grading job and its blob; refused uploads left no submission, job, blob
/// or spool file; and no applicant got more gradings waiting than the intake's cap.
/// </summary>
internal static class BurstAudit
{
    public static async Task<IReadOnlyList<string>> CheckAsync(DatabaseOptions database, IReadOnlyList<Upload> uploads, int maxQueuedPerApplicant, string spool)
    {
        var problems = new List<string>();
        await using var db = DatabaseRegistration.Create(database);
        var submissions = await db.Submissions.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.BlobSha256);
        var jobs = (await db.GradingJobs.AsNoTracking().Select(j => j.SubmissionId).ToListAsync()).CountBy(id => id).ToDictionary();
        var blobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in await db.Blobs.AsNoTracking().ToListAsync())
        {
            blobs.Add(blob.Sha256);
            if (Convert.ToHexStringLower(SHA256.HashData(blob.Content)) != blob.Sha256)
                problems.Add($"blob {blob.Sha256[..12]} does not hash to its name");
        }

        var accepted = uploads.Where(u => u.Status == 202).ToList();
        foreach (var upload in accepted)
        {
            if (upload.SubmissionId is not { } id || !submissions.TryGetValue(id, out var sha))
                problems.Add($"accepted upload of applicant {upload.Applicant} ({upload.SubmissionId}) has no submission");
            else if (sha != upload.ArchiveSha256)
                problems.Add($"submission {id} holds blob {sha[..12]}, not the archive that was sent ({upload.ArchiveSha256[..12]})");
            else if (jobs.GetValueOrDefault(id) != 1)
                problems.Add($"submission {id} has {jobs.GetValueOrDefault(id)} grading jobs, not one");
            else if (!blobs.Contains(sha))
                problems.Add($"submission {id} has no blob {sha[..12]}");
        }
        if (submissions.Count != accepted.Count)
            problems.Add($"{submissions.Count} submissions in the database for {accepted.Count} accepted uploads");
        if (jobs.Values.Sum() != accepted.Count)
            problems.Add($"{jobs.Values.Sum()} grading jobs in the database for {accepted.Count} accepted uploads");
        var sent = accepted.Select(u => u.ArchiveSha256).ToHashSet(StringComparer.Ordinal);
        if (blobs.Except(sent).Count() is var orphans and > 0)
            problems.Add($"{orphans} blob(s) belong to no accepted upload: a refused upload left its archive behind");
        foreach (var applicant in accepted.CountBy(u => u.Applicant).Where(a => a.Value > maxQueuedPerApplicant))
            problems.Add($"applicant {applicant.Key} has {applicant.Value} gradings waiting, over the cap of {maxQueuedPerApplicant}");
        foreach (var status in uploads.Where(u => u.Status is not (202 or 429)).CountBy(u => u.Status))
            problems.Add($"{status.Value} upload(s) answered {(status.Key == 0 ? "nothing (timed out or failed)" : status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        if (Directory.Exists(spool) && Directory.EnumerateFileSystemEntries(spool).Any())
            problems.Add($"spool files left in {spool}");
        return problems;
    }
}

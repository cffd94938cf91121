using System.ComponentModel.DataAnnotations;
using Intern.Grading.Grading;
using Intern.Grading.Submissions;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Submissions;

/// <summary>Section <c>Intake</c>: limits on uploads, checked before anything is stored.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>Largest upload as sent (compressed), in bytes.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 32L << 20;

    /// <summary>Limits on the archive's contents (entries, expanded size, compression ratio, paths).</summary>
    public ArchiveLimits Archive { get; set; } = new();

    /// <summary>Where uploads wait on disk while they arrive and are checked (see <see cref="UploadSpool"/>).</summary>
    [Required]
    public string SpoolDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "intern-spool");

    /// <summary>A spool file not written for this long was left by a process that died, and is swept.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SpoolStaleAfter { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Why an upload was refused, in words that tell the applicant what to fix, and the HTTP status that says so.</summary>
public sealed class IntakeRefusedException(string title, IReadOnlyList<string> problems, int statusCode = StatusCodes.Status400BadRequest) : Exception(title)
{
    public IReadOnlyList<string> Problems { get; } = problems;

    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// Takes an upload from a stream to a stored submission: spool to a temp file under a size cap, check
/// the archive and the task's required files, then write blob, submission and grading job in ONE
/// transaction. Nothing is written for a refused upload, and a crash before the commit leaves nothing.
/// </summary>
public sealed class SubmissionIntake(InternDb db, TaskCatalog tasks, IntakeOptions options, QueueOptions queue, TimeProvider time)
{
    public async Task<Submission> AcceptAsync(Stream upload, string fileName, Guid applicantId, Guid? roundId, string taskSlug, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var task = tasks.Find(taskSlug) ?? throw new IntakeRefusedException("Unknown task", [$"There is no task '{taskSlug}'."]);
        var spool = UploadSpool.NewFile(options, "upload");
        try
        {
            var content = await SpoolAsync(upload, spool, ct);
            try
            {
                var files = await SubmissionArchive.ReadAsync(spool, options.Archive, ct);
                var missing = SubmissionRules.FormatErrors(task, files);
                if (missing.Count > 0)
                    throw new IntakeRefusedException("The submission cannot be graded", missing);
            }
            catch (SubmissionFormatException e)
            {
                throw new IntakeRefusedException("The archive was refused", e.Problems);
            }
            return await StoreAsync(content, fileName, applicantId, roundId, task, ct);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private async Task<byte[]> SpoolAsync(Stream upload, string path, CancellationToken ct)
    {
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await upload.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                if (total > options.MaxUploadBytes)
                    throw new IntakeRefusedException("The upload is too large", [$"The upload is larger than {options.MaxUploadBytes >> 20} MiB; leave out data sets, build output and dependencies."], StatusCodes.Status413PayloadTooLarge);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            if (total == 0)
                throw new IntakeRefusedException("The upload is empty", ["The upload is empty: choose a zip (or tar.gz) of your solution folder."]);
        }
        return await File.ReadAllBytesAsync(path, ct);
    }

    private async Task<Submission> StoreAsync(byte[] content, string fileName, Guid applicantId, Guid? roundId, Grading.Tasks.TaskDefinition task, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var blob = Blob.Create(content, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Blobs.AnyAsync(b => b.Sha256 == blob.Sha256, ct))
            db.Blobs.Add(blob);
        var submission = Submission.Create(applicantId, roundId, task.Slug, task.Version, blob, Path.GetFileName(fileName), now);
        db.Submissions.Add(submission);
        db.GradingJobs.Add(GradingJob.Enqueue(submission.Id, now, queue.MaxAttempts));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (db.Entry(blob).State == EntityState.Added)
        {
            // Two uploads of the same archive at once (PostgreSQL does not serialize our check and insert): the other
            // stored the blob first. EF rolled back to its savepoint, so the submission can point at theirs.
            db.Entry(blob).State = EntityState.Detached;
            if (!await db.Blobs.AnyAsync(b => b.Sha256 == blob.Sha256, ct))
                throw;
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return submission;
    }
}

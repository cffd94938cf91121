using System.ComponentModel.DataAnnotations;
using Intern.Grading.Grading;
using Intern.Grading.Submissions;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Rounds;
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

    /// <summary>Gradings one applicant may have waiting or running at once, so that nobody floods the queue before a deadline.</summary>
    [Range(1, 100)]
    public int MaxQueuedPerApplicant { get; set; } = 2;

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

    /// <summary>400 for the upload itself, 413 too large, 403 closed or not enrolled, 409 submissions used up, 429 too many waiting.</summary>
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// Takes an upload from a stream to a stored submission: spool to a temp file under a size cap, check
/// the archive and the task's required files, then write blob, submission and grading job in ONE
/// transaction. Nothing is written for a refused upload, and a crash before the commit leaves nothing.
/// The round's rules (enrolment, tasks, deadline, submission cap, waiting gradings) are checked before
/// the upload is read, and again inside the transaction, where they are authoritative.
/// </summary>
public sealed class SubmissionIntake(InternDb db, TaskCatalog tasks, IntakeOptions options, QueueOptions queue, TimeProvider time)
{
    // A null roundId picks the one open round of the applicant's that offers the task.
    public async Task<Submission> AcceptAsync(Stream upload, string fileName, Guid applicantId, Guid? roundId, string taskSlug, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var task = tasks.Find(taskSlug) ?? throw new IntakeRefusedException("Unknown task", [$"There is no task '{taskSlug}'."]);
        var round = await ResolveRoundAsync(applicantId, roundId, taskSlug, ct);
        await CheckRoundAsync(round, applicantId, task, ct);
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
            return await StoreAsync(content, fileName, applicantId, round, task, ct);
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

    private async Task<Submission> StoreAsync(byte[] content, string fileName, Guid applicantId, HiringRound? round, Grading.Tasks.TaskDefinition task, CancellationToken ct)
    {
        try
        {
            return await StoreOnceAsync(content, fileName, applicantId, round, task, ct);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // Another applicant stored the same archive (an untouched starter kit, say) a moment earlier: share it.
            db.ChangeTracker.Clear();
            return await StoreOnceAsync(content, fileName, applicantId, round is null ? null : await db.HiringRounds.SingleAsync(r => r.Id == round.Id, ct), task, ct);
        }
    }

    private async Task<Submission> StoreOnceAsync(byte[] content, string fileName, Guid applicantId, HiringRound? round, Grading.Tasks.TaskDefinition task, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var blob = Blob.Create(content, now);
        // SQLite transactions here are immediate (one writer at a time); on PostgreSQL the applicant's row is
        // locked, so two uploads racing for the last submission or the last queue slot cannot both get it.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "AspNetUsers" WHERE "Id" = {applicantId} FOR UPDATE""", ct);
        // The round as it is now: an admin may have moved the deadline while the upload was arriving.
        if (round is not null)
            await db.Entry(round).ReloadAsync(ct);
        await CheckRoundAsync(round, applicantId, task, ct);
        if (!await db.Blobs.AnyAsync(b => b.Sha256 == blob.Sha256, ct))
            db.Blobs.Add(blob);
        var submission = Submission.Create(applicantId, round?.Id, task.Slug, task.Version, blob, Path.GetFileName(fileName), now);
        db.Submissions.Add(submission);
        db.GradingJobs.Add(GradingJob.Enqueue(submission.Id, now, queue.MaxAttempts));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return submission;
    }

    private static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }
        || e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    /// <summary>The round this upload counts in; null only when the applicant is enrolled nowhere (refused by the rules).</summary>
    private async Task<HiringRound?> ResolveRoundAsync(Guid applicantId, Guid? roundId, string taskSlug, CancellationToken ct)
    {
        var rounds = await db.RoundMembers.Where(m => m.UserId == applicantId && (roundId == null || m.RoundId == roundId))
            .Join(db.HiringRounds, m => m.RoundId, r => r.Id, (m, r) => r)
            .ToListAsync(ct);
        var offering = rounds.Where(r => r.Offers(taskSlug)).ToList();
        if (roundId is not null || offering.Count == 0)
            return rounds.MaxBy(r => r.Deadline);
        var now = time.GetUtcNow();
        var open = offering.Where(r => r.AcceptsSubmissions(now)).ToList();
        if (open.Count > 1)
            throw new IntakeRefusedException("Which round?", [$"Task '{taskSlug}' is open in {open.Count} of your rounds ({string.Join(", ", open.Select(r => $"{r.Name}: {r.Id}"))}); say which one the upload is for."]);
        // No open round: the latest one's closed deadline is the useful refusal.
        return open.Count == 1 ? open[0] : offering.MaxBy(r => r.Deadline);
    }

    private async Task CheckRoundAsync(HiringRound? round, Guid applicantId, Grading.Tasks.TaskDefinition task, CancellationToken ct)
    {
        var taskSlug = task.Slug;
        var used = round is null ? 0 : await db.Submissions.CountAsync(s => s.RoundId == round.Id && s.ApplicantId == applicantId && s.TaskSlug == taskSlug, ct);
        // Only first gradings count: an admin's regrade of graded work must not block the applicant's next upload.
        var queued = await db.Submissions.Where(s => s.ApplicantId == applicantId && s.CurrentResultId == null)
            .Join(db.GradingJobs, s => s.Id, j => j.SubmissionId, (s, j) => j)
            .CountAsync(j => j.State == JobState.Queued || j.State == JobState.Running, ct);
        var decision = RoundRules.Check(round, taskSlug, used, queued, options.MaxQueuedPerApplicant, time.GetUtcNow(), task.Deadline.Grace);
        if (!decision.Allowed)
        {
            var status = decision.Refusal switch
            {
                RoundRules.Refusal.SubmissionsUsed => StatusCodes.Status409Conflict,
                RoundRules.Refusal.TooManyQueued => StatusCodes.Status429TooManyRequests,
                _ => StatusCodes.Status403Forbidden,
            };
            throw new IntakeRefusedException("The round does not accept this upload", [decision.Message], status);
        }
    }
}

using Intern.Grading.Results;
using Intern.Server.Persistence;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Queue;

/// <summary>
/// The durable grading queue over the database. Claims take the oldest claimable job under a lease, applicants'
/// gradings before rejudge previews (which wait for a quiet moment rather than delay anyone's result):
/// PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c> so that many workers never block each other, SQLite
/// inside an immediate (single-writer) transaction. Writing a result is idempotent per job. Every committed
/// change goes out on the <paramref name="feed"/>, to the status streams and caches of every process.
/// </summary>
public sealed class JobQueue(InternDb db, TimeProvider time, QueueOptions options, StatusFeed? feed = null)
{
    /// <summary>Claims the next job for <paramref name="owner"/>, or returns null when there is none.</summary>
    public async Task<GradingJob?> ClaimAsync(string owner, CancellationToken ct)
    {
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow();
            var job = await NextClaimableAsync(now, ct);
            if (job is null)
                return null;
            if (job.Attempts >= job.MaxAttempts)
            {
                // Its last worker died holding it: that was the final attempt.
                job.FailAttempt(null, now, $"Gave up after {job.Attempts} attempts: the worker stopped renewing its lease.");
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                await PublishAsync(job.SubmissionId, ct);
                continue;
            }
            job.Claim(owner, now, options.Lease);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await PublishAsync(job.SubmissionId, ct);
            return job;
        }
    }

    private Task<GradingJob?> NextClaimableAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return db.GradingJobs.FromSqlInterpolated($"""
                SELECT * FROM "GradingJobs"
                WHERE "State" = 'Queued' OR ("State" = 'Running' AND "LeaseExpiresAt" < {now})
                ORDER BY "RejudgeId" IS NOT NULL, "EnqueuedAt"
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """).IgnoreQueryFilters().FirstOrDefaultAsync(ct);
        }
        return db.GradingJobs.IgnoreQueryFilters()
            .Where(j => j.State == JobState.Queued || (j.State == JobState.Running && j.LeaseExpiresAt < now))
            .OrderBy(j => j.RejudgeId != null)
            .ThenBy(j => j.EnqueuedAt)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Extends the lease; throws <see cref="LeaseLostException"/> when another worker has the job now.</summary>
    public Task RenewAsync(Guid jobId, string owner, CancellationToken ct) =>
        // A heartbeat changes nothing anyone sees: no status change to publish, no cached answer to evict.
        ChangeHeldAsync(jobId, job => job.Renew(owner, time.GetUtcNow(), options.Lease), publish: false, ct);

    /// <summary>Records where the holder's grading is; throws <see cref="LeaseLostException"/> when another worker has the job now.</summary>
    public Task ReportProgressAsync(Guid jobId, string owner, string phase, int done, int total, CancellationToken ct) =>
        ChangeHeldAsync(jobId, job => job.ReportProgress(owner, phase, done, total), publish: true, ct);

    /// <summary>Stores the result and makes it the submission's current one, in one transaction, if this worker still holds the job.</summary>
    public async Task<GradingRecord> CompleteAsync(Guid jobId, string owner, GradingResult result, CancellationToken ct)
    {
        var blobs = await StoreArtifactBlobsAsync(result, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var job = await FindAsync(jobId, ct);
        job.Succeed(owner, now);
        var submission = await db.Submissions.SingleAsync(s => s.Id == job.SubmissionId, ct);
        var record = GradingRecord.Create(submission.Id, job.Id, job.Attempts, result, now, job.RejudgeId);
        db.GradingRecords.Add(record);
        for (var i = 0; i < result.Artifacts.Count; i++)
        {
            if (blobs.TryGetValue(result.Artifacts[i].Path, out var sha))
                db.GradingArtifacts.Add(GradingArtifact.Create(record.Id, i, result.Artifacts[i].Name, result.Artifacts[i].MediaType, sha));
        }
        // A rejudge's preview stays aside until an admin applies the rejudge: nobody else sees anything change.
        if (job.RejudgeId is null)
            submission.MakeCurrent(record);
        await SaveOrLoseAsync(jobId, ct);
        await transaction.CommitAsync(ct);
        if (job.RejudgeId is null)
            await PublishAsync(job.SubmissionId, ct);
        return record;
    }

    /// <summary>
    /// Stores the result's artifact files as blobs before the result's transaction, each on its own: an identical file
    /// stored at the same moment by another worker is no conflict (the blob is there either way), and a blob whose
    /// result then fails to commit is only an unreferenced copy. Returns each artifact path's content hash.
    /// </summary>
    private async Task<Dictionary<string, string>> StoreArtifactBlobsAsync(GradingResult result, CancellationToken ct)
    {
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in result.ArtifactFiles)
        {
            var blob = Blob.Create(file.Content.ToArray(), time.GetUtcNow());
            stored[file.Path] = blob.Sha256;
            if (await db.Blobs.AnyAsync(b => b.Sha256 == blob.Sha256, ct))
                continue;
            db.Blobs.Add(blob);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (IsUniqueViolation(e))
            {
                // Stored by someone else in between.
            }
            finally
            {
                db.Entry(blob).State = EntityState.Detached;
            }
        }
        return stored;
    }

    /// <summary>Records a platform failure of this attempt; the job goes back to the queue until its attempts are spent.</summary>
    public async Task FailAsync(Guid jobId, string owner, string error, CancellationToken ct)
    {
        var job = await FindAsync(jobId, ct);
        job.FailAttempt(owner, time.GetUtcNow(), error);
        await SaveOrLoseAsync(jobId, ct);
        await PublishAsync(job.SubmissionId, ct);
    }

    /// <summary>An admin retries a job that failed as a platform error.</summary>
    public async Task RetryAsync(Guid jobId, CancellationToken ct)
    {
        var job = await FindAsync(jobId, ct);
        job.Retry(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await PublishAsync(job.SubmissionId, ct);
    }

    private Task PublishAsync(Guid submissionId, CancellationToken ct) => feed?.PublishAsync(db, submissionId, ct) ?? Task.CompletedTask;

    private async Task<GradingJob> FindAsync(Guid jobId, CancellationToken ct) =>
        await db.GradingJobs.IgnoreQueryFilters().SingleOrDefaultAsync(j => j.Id == jobId, ct) ?? throw new KeyNotFoundException($"No grading job {jobId}.");

    /// <summary>
    /// A change only the holder may make. The holder's own writes (heartbeat, progress) can collide on the
    /// version token, which is no lost lease: read the job again and retry, and let the entity decide.
    /// </summary>
    private async Task ChangeHeldAsync(Guid jobId, Action<GradingJob> change, bool publish, CancellationToken ct)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var job = await FindAsync(jobId, ct);
            change(job);
            try
            {
                await db.SaveChangesAsync(ct);
                if (publish)
                    await PublishAsync(job.SubmissionId, ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new LeaseLostException(jobId);
            }
        }
    }

    private async Task SaveOrLoseAsync(Guid jobId, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || IsUniqueViolation(e))
        {
            // Someone else changed the job (claimed it after our lease ran out) or already stored its result.
            throw new LeaseLostException(jobId);
        }
    }

    private static bool IsUniqueViolation(DbUpdateException e) =>
        e.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true
        || e.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;
}

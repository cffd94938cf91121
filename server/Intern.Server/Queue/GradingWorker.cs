using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;
using Intern.Server.Persistence;
using Intern.Server.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Queue;

/// <summary>
/// Claims jobs and grades them, renewing the lease while it works. A worker that loses its lease stops
/// grading that job at once: someone else has it now. Platform failures go back to the queue.
/// </summary>
public sealed partial class GradingWorker(IServiceScopeFactory scopes, ISandboxFactory sandboxes, TaskCatalog tasks,
    QueueOptions options, Submissions.IntakeOptions intake, GradingSettings settings, InternMetrics metrics, TimeProvider time, ILogger<GradingWorker> log) : BackgroundService
{
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    private readonly GeneratedCases _generated = new();

    // Every line logged while a job is graded (here, in the heartbeat and in progress writes) names it.
    private static readonly Func<ILogger, Guid, Guid, IDisposable?> JobScope =
        LoggerMessage.DefineScope<Guid, Guid>("Submission {SubmissionId}, job {JobId}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            GradingJob? job;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                job = await scope.ServiceProvider.GetRequiredService<JobQueue>().ClaimAsync(Name, stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
            {
                // The database is away (restarting?): nothing is lost, the jobs wait in it. Try again shortly.
                LogDatabaseUnavailable(e.Message);
                job = null;
            }
            if (job is null)
            {
                await Task.Delay(options.Poll, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            using var logScope = JobScope(log, job.SubmissionId, job.Id);
            // Only a first claim measures the wait: a reclaimed job's EnqueuedAt also spans the attempts before.
            if (job.Attempts == 1 && job.StartedAt is { } started)
                metrics.PhaseTook(MetricPhases.Queued, started - job.EnqueuedAt);
            try
            {
                await ProcessAsync(job, stoppingToken);
            }
            catch (Exception e) when (DatabaseOutage.Is(e))
            {
                // The database went away (before grading, or for longer than the lease while saving): the job stays
                // claimed until its lease runs out and is then claimed again. The worker itself carries on.
                LogLeftToLease(job.Id, e.GetBaseException().Message);
            }
        }
    }

    private async Task ProcessAsync(GradingJob job, CancellationToken stoppingToken)
    {
        using var grading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = HeartbeatAsync(job.Id, grading);
        try
        {
            var (task, files) = await LoadAsync(job, grading.Token);
            var grader = new Grader(sandboxes, settings, time, _generated);
            GradingResult result;
            PhaseClock clock;
            await using (var progress = new JobProgress((p, ct) => ReportAsync(job.Id, p, ct), time, options.Progress, grading, log))
            {
                clock = new PhaseClock(time, progress);
                result = await grader.GradeAsync(task, files, clock, grading.Token);
            }
            // The heartbeat's and progress's writes are over before the result's, so none of them can collide with it.
            await grading.CancelAsync();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (result.IsPlatformError)
                await WriteAsync(job.Id, queue => queue.FailAsync(job.Id, Name, result.Error!, CancellationToken.None), stoppingToken);
            else
                await WriteAsync(job.Id, queue => queue.CompleteAsync(job.Id, Name, result, CancellationToken.None), stoppingToken);
            foreach (var (phase, spent) in clock.Spent)
                metrics.PhaseTook(phase, spent);
            metrics.Graded(result);
            LogFinished(job.Id, result.IsPlatformError ? "platform error: " + result.Error : $"{result.Score}/{result.MaxScore}");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            LogLeaseLost(job.Id);
        }
        catch (LeaseLostException)
        {
            LogLeaseLost(job.Id);
        }
        catch (Exception e) when (e is InvalidDataException or SubmissionFormatException or KeyNotFoundException)
        {
            await WriteAsync(job.Id, queue => queue.FailAsync(job.Id, Name, e.Message, CancellationToken.None), stoppingToken);
        }
        finally
        {
            await grading.CancelAsync();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<(Intern.Grading.Tasks.TaskDefinition Task, IReadOnlyList<SandboxFile> Files)> LoadAsync(GradingJob job, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var submission = await db.Submissions.SingleAsync(s => s.Id == job.SubmissionId, ct);
        var blob = await db.Blobs.SingleAsync(b => b.Sha256 == submission.BlobSha256, ct);
        var version = job.TaskVersion ?? submission.TaskVersion;
        var task = tasks.Find(submission.TaskSlug, version)
            ?? throw new KeyNotFoundException($"This worker has no task {submission.TaskSlug} v{version}.");
        // Uploads may be zip, tar or tar.gz: the archive reader tells them apart from a file.
        var spool = Submissions.UploadSpool.NewFile(intake, "job");
        await File.WriteAllBytesAsync(spool, blob.Content, ct);
        try
        {
            // The limits intake checked the upload against, so that nothing accepted fails here.
            return (task, await SubmissionArchive.ReadAsync(spool, intake.Archive, ct));
        }
        finally
        {
            File.Delete(spool);
        }
    }

    /// <summary>
    /// Saves a finished grading. A database that is restarting must not cost the grading, so the write is retried
    /// while the lease would still hold; a retry after a commit whose answer was lost finds the job settled and
    /// loses the lease, so a result is never stored twice.
    /// </summary>
    private async Task WriteAsync(Guid jobId, Func<JobQueue, Task> write, CancellationToken stoppingToken)
    {
        var giveUpAt = time.GetUtcNow() + options.Lease;
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await write(scope.ServiceProvider.GetRequiredService<JobQueue>());
                return;
            }
            catch (Exception e) when (DatabaseOutage.Is(e) && time.GetUtcNow() < giveUpAt)
            {
                LogSaveRetried(jobId, e.GetBaseException().Message);
                await Task.Delay(options.Poll, time, stoppingToken);
            }
        }
    }

    private async Task ReportAsync(Guid jobId, ProgressSnapshot progress, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<JobQueue>().ReportProgressAsync(jobId, Name, progress.Phase, progress.Done, progress.Total, ct);
    }

    /// <summary>Renews the lease until grading ends; cancels the grading when the lease is lost.</summary>
    private async Task HeartbeatAsync(Guid jobId, CancellationTokenSource grading)
    {
        while (!grading.IsCancellationRequested)
        {
            await Task.Delay(options.Heartbeat, time, grading.Token);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<JobQueue>().RenewAsync(jobId, Name, grading.Token);
            }
            catch (LeaseLostException)
            {
                await grading.CancelAsync();
                return;
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or TimeoutException)
            {
                // One missed beat is not a lost lease; the next beat may reach the database again.
                LogDatabaseUnavailable(e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Grading worker {Name} started")]
    private partial void LogStarted(string name);

    [LoggerMessage(LogLevel.Information, "Job {JobId} finished: {Outcome}")]
    private partial void LogFinished(Guid jobId, string outcome);

    [LoggerMessage(LogLevel.Warning, "Lost the lease on job {JobId}; another worker has it now")]
    private partial void LogLeaseLost(Guid jobId);

    [LoggerMessage(LogLevel.Warning, "Job {JobId} is left to run out its lease: the database is unavailable ({Message})")]
    private partial void LogLeftToLease(Guid jobId, string message);

    [LoggerMessage(LogLevel.Warning, "Saving the grading of job {JobId} failed, trying again: the database is unavailable ({Message})")]
    private partial void LogSaveRetried(Guid jobId, string message);

    [LoggerMessage(LogLevel.Warning, "The database is unavailable: {Message}")]
    private partial void LogDatabaseUnavailable(string message);
}

namespace Intern.Server.Submissions;

/// <summary>
/// The spool directory (<see cref="IntakeOptions.SpoolDirectory"/>) where uploads and the archives a worker
/// grades sit on disk while they are checked. Files are deleted when their request ends, but a process that
/// is killed (kill -9, OOM, power loss) cannot do that, so <see cref="SpoolSweeper"/> removes what is left.
/// </summary>
public static class UploadSpool
{
    /// <summary>Every spool file's name starts with this, so that a sweep never touches anybody else's file.</summary>
    public const string Prefix = "intern-spool-";

    /// <summary>A path for a new spool file; <paramref name="purpose"/> (upload, form, job) only helps a human reading the directory.</summary>
    public static string NewFile(IntakeOptions options, string purpose)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Uploads are applicants' code: not for other local users to read, whatever the umask.
        Directory.CreateDirectory(options.SpoolDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return Path.Combine(options.SpoolDirectory, $"{Prefix}{purpose}-{Guid.NewGuid():N}");
    }

    /// <summary>Deletes spool files not written for <see cref="IntakeOptions.SpoolStaleAfter"/>; returns how many.</summary>
    public static int Sweep(IntakeOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.SpoolDirectory))
            return 0;
        var swept = 0;
        foreach (var file in Directory.EnumerateFiles(options.SpoolDirectory, Prefix + "*"))
        {
            // A live upload writes its file all the time (Kestrel drops uploads that stall for seconds), and a
            // spooled one is checked and deleted within seconds, so an old file belongs to a process that died.
            if (now - File.GetLastWriteTimeUtc(file) <= options.SpoolStaleAfter)
                continue;
            try
            {
                File.Delete(file);
                swept++;
            }
            catch (IOException)
            {
                // Another server sharing the directory swept it first.
            }
        }
        return swept;
    }
}

/// <summary>Sweeps the spool directory when the process starts, and again every <see cref="IntakeOptions.SpoolStaleAfter"/>.</summary>
public sealed partial class SpoolSweeper(IntakeOptions options, TimeProvider time, ILogger<SpoolSweeper> log) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server takes requests, so that "started" means "swept".
        Sweep();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SpoolStaleAfter, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Sweep();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private void Sweep()
    {
        var swept = UploadSpool.Sweep(options, time.GetUtcNow());
        if (swept > 0)
            LogSwept(swept, options.SpoolDirectory);
    }

    [LoggerMessage(LogLevel.Warning, "Removed {Count} spool file(s) left in {Directory} by a process that stopped mid-upload")]
    private partial void LogSwept(int count, string directory);
}

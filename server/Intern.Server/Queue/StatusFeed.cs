using System.ComponentModel.DataAnnotations;
using Intern.Server.Persistence;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Intern.Server.Queue;

/// <summary>
/// Says "this submission changed" (or "rounds changed, anything may have") to every process that answers
/// about submissions. In this process it wakes the live status streams (<see cref="StatusSignals"/>) and
/// evicts cached answers (<see cref="StatusCache"/>) at once. On PostgreSQL it also sends the change on the
/// channel <c>intern_status</c> with <c>pg_notify</c>, which the <see cref="StatusListener"/> of every
/// server hears, so a worker in another process, or on another machine, reaches every server's streams
/// and caches. Call it after the change is committed. Publishing never fails the change it reports: when
/// the database cannot take the notification, caches elsewhere expire on their own (MaxAge).
/// </summary>
public sealed class StatusFeed(StatusSignals signals, StatusCache cache, ILogger<StatusFeed> logger)
{
    public const string Channel = "intern_status";

    /// <summary>The payload that stands for every submission.</summary>
    public const string Everything = "*";

    public Task PublishAsync(InternDb db, Guid submissionId, CancellationToken ct)
    {
        Deliver(submissionId.ToString("D"));
        return SendAsync(db, submissionId.ToString("D"), ct);
    }

    /// <summary>Rounds, enrolments or releases changed: any answer may be different now.</summary>
    public Task PublishEverythingAsync(InternDb db, CancellationToken ct)
    {
        Deliver(Everything);
        return SendAsync(db, Everything, ct);
    }

    /// <summary>Acts on a change, whichever process made it.</summary>
    public void Deliver(string payload)
    {
        if (payload == Everything)
            cache.Clear();
        else if (Guid.TryParse(payload, out var submission))
        {
            cache.Evict(submission);
            signals.Notify(submission);
        }
    }

    private async Task SendAsync(InternDb db, string payload, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
            return;
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(e, "Could not tell other processes that {Change} changed; their cached answers expire on their own", payload);
        }
    }
}

/// <summary>
/// Listens on PostgreSQL's <c>intern_status</c> channel for the whole life of the server and hands every
/// change to <see cref="StatusFeed.Deliver"/>. While it is connected the status cache may keep answers for
/// long; when the connection drops, the cache forgets everything and keeps answers only briefly until the
/// listener is back (a notification sent while nobody listened is lost for good).
/// </summary>
public sealed class StatusListener(DatabaseOptions database, StatusFeed feed, StatusCache cache, StatusListenerOptions options,
    ILogger<StatusListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => feed.Deliver(e.Payload);
                await using (var listen = new NpgsqlCommand("LISTEN " + StatusFeed.Channel, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                cache.Notified = true;
                logger.LogInformation("Listening for status changes on intern_status");
                failures = 0;
                while (true)
                {
                    // A quiet channel says nothing about the connection: ask the server now and then.
                    if (!await connection.WaitAsync(options.Ping, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
            {
                cache.Notified = false;
                failures++;
                logger.LogWarning(e, "Status listener lost the database (attempt {Failures}); cached answers are short-lived until it is back", failures);
            }
            var wait = TimeSpan.FromTicks(Math.Min(options.Retry.Ticks * failures, options.Retry.Ticks * 10));
            await Task.Delay(wait, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}

/// <summary>Section <c>StatusListener</c>: how the PostgreSQL status listener watches its connection.</summary>
public sealed class StatusListenerOptions
{
    public const string Section = "StatusListener";

    /// <summary>Silence after which the listener checks its connection with a query.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Ping { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before reconnecting after a failure, growing with each failure up to ten times this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Retry { get; set; } = TimeSpan.FromSeconds(1);
}

public static class StatusFeedRegistration
{
    /// <summary>
    /// The feed, with the streams' wake-ups and the status cache it serves. <paramref name="listen"/>: this
    /// process answers about submissions, so on PostgreSQL it listens to other processes' changes too.
    /// </summary>
    public static IServiceCollection AddStatusFeed(this IServiceCollection services, DatabaseOptions database, bool listen)
    {
        ArgumentNullException.ThrowIfNull(database);
        services.AddOptions<StatusCacheOptions>().BindConfiguration(StatusCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StatusCacheOptions>>().Value);
        services.AddSingleton<StatusSignals>();
        services.AddSingleton<StatusCache>();
        services.AddSingleton<StatusFeed>();
        if (listen && database.Provider == "postgres")
        {
            services.AddOptions<StatusListenerOptions>().BindConfiguration(StatusListenerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton(sp => sp.GetRequiredService<IOptions<StatusListenerOptions>>().Value);
            services.AddSingleton(database);
            services.AddHostedService<StatusListener>();
        }
        return services;
    }
}

using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Tasks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Intern.Server.Submissions;

/// <summary>
/// GET /api/submissions/{id}/events: a submission's live status as server-sent events, for whoever may
/// GET the submission itself. Each event is <c>event: status</c> with the JSON of <see cref="StatusEvent"/>;
/// the stream ends after the first final one (graded, platform_error), which carries <c>id: final</c>, so an
/// EventSource that reconnects after it is told 204 and stops.
/// </summary>
public static class StatusEvents
{
    /// <summary>One status event. Score and maxScore appear once graded, as the caller may see them (visible tests only for applicants).</summary>
    public sealed record StatusEvent(string Status, string? Phase, int Done, int Total,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MaxScore)
    {
        public static StatusEvent Of(SubmissionsApi.View view)
        {
            ArgumentNullException.ThrowIfNull(view);
            return new(view.Status, view.Phase, view.Done, view.Total, view.Result?.Score, view.Result?.MaxScore);
        }

        [JsonIgnore]
        public bool IsFinal => Status is "graded" or "platform_error";
    }

    public const string FinalId = "final";

    /// <summary>The stream's options (section <c>StatusEvents</c>) and the in-process wake-ups the queue sends it.</summary>
    public static IServiceCollection AddStatusEvents(this IServiceCollection services)
    {
        services.AddOptions<StatusEventsOptions>().BindConfiguration(StatusEventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StatusEventsOptions>>().Value);
        return services;
    }

    internal static async Task<Results<StatusStream, NotFound>> StreamAsync(Guid id, ClaimsPrincipal principal, UserManager<AppUser> users, InternDb db, CancellationToken ct) =>
        await SubmissionsApi.AccessAsync(id, principal, users, db, ct) is { } forApplicant && await db.Submissions.AnyAsync(s => s.Id == id, ct)
            ? new StatusStream(id, forApplicant)
            : TypedResults.NotFound();

    /// <summary>What changes whenever the status may have: the latest job's version token and the current result.</summary>
    private sealed record Fingerprint(Guid? Job, Guid? Result);

    /// <summary>Writes the stream: the status now, again on every change, keep-alive comments while nothing changes.</summary>
    internal sealed class StatusStream(Guid id, bool forApplicant) : IResult, IEndpointMetadataProvider
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(StatusEvent), ["text/event-stream"]));
            builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status204NoContent, typeof(void)));
        }

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var ct = httpContext.RequestAborted;
            try
            {
                await RunAsync(httpContext, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client went away: nothing to say to no one.
            }
        }

        private async Task RunAsync(HttpContext httpContext, CancellationToken ct)
        {
            var services = httpContext.RequestServices;
            var (signals, options, time) = (services.GetRequiredService<StatusSignals>(), services.GetRequiredService<StatusEventsOptions>(), services.GetRequiredService<TimeProvider>());
            var db = services.GetRequiredService<InternDb>();
            var catalog = services.GetRequiredService<TaskCatalog>();
            // Every look must see the database as it is now, not the entities this context read the first time.
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            var response = httpContext.Response;
            var (seen, sent, quietSince) = ((Fingerprint?)null, (StatusEvent?)null, time.GetUtcNow());
            using var signal = signals.Listen(id);
            while (true)
            {
                var changed = signal.NextChange;
                var fingerprint = await FingerprintAsync(db, ct);
                if (fingerprint is null)
                    return;
                if (fingerprint != seen)
                {
                    seen = fingerprint;
                    if (await SubmissionsApi.LoadAsync(db, catalog, id, forApplicant, time.GetUtcNow(), ct) is not { } view)
                        return;
                    var next = StatusEvent.Of(view);
                    if (sent is null && next.IsFinal && httpContext.Request.Headers["Last-Event-ID"] == FinalId)
                    {
                        response.StatusCode = StatusCodes.Status204NoContent;
                        return;
                    }
                    if (sent is null)
                        await StartAsync(httpContext, ct);
                    if (next != sent)
                    {
                        await WriteAsync(response, EventText(next), ct);
                        (sent, quietSince) = (next, time.GetUtcNow());
                    }
                    if (next.IsFinal)
                        return;
                }
                else if (time.GetUtcNow() - quietSince >= options.KeepAlive)
                {
                    await WriteAsync(response, ": keep-alive\n\n", ct);
                    quietSince = time.GetUtcNow();
                }
                // Woken by a change in this process, or else by the poll (workers elsewhere wake no one) or the keep-alive.
                var keepAlive = quietSince + options.KeepAlive - time.GetUtcNow();
                var wait = keepAlive < options.Poll ? (keepAlive > TimeSpan.Zero ? keepAlive : TimeSpan.Zero) : options.Poll;
                await changed.WaitAsync(wait, time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                ct.ThrowIfCancellationRequested();
            }
        }

        private Task<Fingerprint?> FingerprintAsync(InternDb db, CancellationToken ct) =>
            db.Submissions.Where(s => s.Id == id)
                .Select(s => new Fingerprint(
                    db.GradingJobs.Where(j => j.SubmissionId == s.Id).OrderByDescending(j => j.EnqueuedAt).Select(j => (Guid?)j.Version).FirstOrDefault(),
                    s.CurrentResultId))
                .SingleOrDefaultAsync(ct);

        private static async Task StartAsync(HttpContext httpContext, CancellationToken ct)
        {
            var response = httpContext.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            // Reverse proxies such as nginx would otherwise hold events back in their buffers.
            response.Headers["X-Accel-Buffering"] = "no";
            httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            await response.StartAsync(ct);
        }

        private static string EventText(StatusEvent status)
        {
            var text = new StringBuilder();
            if (status.IsFinal)
                text.Append("id: ").Append(FinalId).Append('\n');
            return text.Append("event: status\ndata: ").Append(JsonSerializer.Serialize(status, Json)).Append("\n\n").ToString();
        }

        private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
        {
            await response.WriteAsync(text, ct);
            await response.Body.FlushAsync(ct);
        }
    }
}

/// <summary>Section <c>StatusEvents</c>: how the live status stream looks for changes and keeps idle connections open.</summary>
public sealed class StatusEventsOptions
{
    public const string Section = "StatusEvents";

    /// <summary>How often a stream looks at the database; workers in other processes cannot wake it sooner.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan Poll { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest silence before a comment line, so that proxies and browsers do not drop a stream that waits in the queue.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}

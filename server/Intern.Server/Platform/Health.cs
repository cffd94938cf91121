using Intern.Grading.Docker.Sandbox;
using Intern.Grading.Sandbox;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server;

/// <summary>
/// <c>GET /health</c> and <c>GET /health/ready</c> (readiness): 200 only when this process can reach its database (and,
/// for a grading worker, its Docker engine), 503 otherwise. A server without its database can take no upload and show
/// no result, so a load balancer should send nobody to it; a worker without its engine can grade nothing. <c>GET
/// /health/live</c> (liveness): 200 whenever the process answers at all, so that an orchestrator restarts a hung
/// process but never one that merely waits for its database or engine to come back.
/// </summary>
public static class Health
{
    /// <summary>What readiness found: <c>reachable</c>, <c>unreachable</c> or <c>not checked</c> for each dependency.</summary>
    public sealed record Report(string Status, string Database, string Engine);

    private const string Reachable = "reachable";
    private const string Unreachable = "unreachable";
    private const string NotChecked = "not checked";

    // A dependency that does not answer within this is as good as down, and a probe must not hang.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The probes; <paramref name="checkEngine"/> for the worker role, whose readiness includes its Docker engine.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app, bool checkEngine = false)
    {
        Delegate ready = checkEngine ? CheckWorkerAsync : CheckServerAsync;
        app.MapGet("/health", ready).AllowAnonymous();
        app.MapGet("/health/ready", ready).AllowAnonymous();
        app.MapGet("/health/live", () => TypedResults.Ok(new Report("ok", NotChecked, NotChecked))).AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<Report>, ProblemHttpResult>> CheckServerAsync(InternDb db, CancellationToken ct) =>
        Answer(new Report("ok", await DatabaseAsync(db, ct), NotChecked));

    private static async Task<Results<Ok<Report>, ProblemHttpResult>> CheckWorkerAsync(InternDb db, ISandboxFactory sandboxes, CancellationToken ct)
    {
        var database = await DatabaseAsync(db, ct);
        var engine = NotChecked;
        if (sandboxes is DockerSandboxFactory docker)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            engine = await docker.PingAsync(timeout.Token) ? Reachable : Unreachable;
            ct.ThrowIfCancellationRequested();
        }
        return Answer(new Report("ok", database, engine));
    }

    private static Results<Ok<Report>, ProblemHttpResult> Answer(Report report)
    {
        if (report.Database == Reachable && report.Engine != Unreachable)
            return TypedResults.Ok(report);
        var missing = string.Join(" and ", new[] { report.Database == Reachable ? null : "database", report.Engine == Unreachable ? "Docker engine" : null }.OfType<string>());
        return TypedResults.Problem(title: "Not ready", detail: $"This process cannot reach its {missing}.", statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["database"] = report.Database, ["engine"] = report.Engine });
    }

    private static async Task<string> DatabaseAsync(InternDb db, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            if (!await db.Database.CanConnectAsync(timeout.Token))
                return Unreachable;
            // A pooled connection can look open after the server behind it went away: only a round trip tells.
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return Reachable;
        }
        catch (Exception e) when (DatabaseOutage.Is(e) || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return Unreachable;
        }
    }
}

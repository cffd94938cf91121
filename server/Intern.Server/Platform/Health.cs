using Intern.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server;

/// <summary>
/// <c>GET /health</c> and <c>GET /health/ready</c> (readiness): 200 only when this server can reach its database, 503
/// otherwise. A server without its database can take no upload and show no result, so a load balancer should send
/// nobody to it. <c>GET /health/live</c> (liveness): 200 whenever the process answers at all, database or not, so that
/// an orchestrator restarts a hung server but never one that merely waits for its database to come back.
/// </summary>
public static class Health
{
    public sealed record Report(string Status, string Database);

    // A database that does not answer within this is as good as down, and a probe must not hang.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync).AllowAnonymous();
        app.MapGet("/health/ready", CheckAsync).AllowAnonymous();
        app.MapGet("/health/live", () => TypedResults.Ok(new Report("ok", "not checked"))).AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<Report>, ProblemHttpResult>> CheckAsync(InternDb db, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        bool reachable;
        try
        {
            reachable = await db.Database.CanConnectAsync(timeout.Token);
            // A pooled connection can look open after the server behind it went away: only a round trip tells.
            if (reachable)
                await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
        }
        catch (Exception e) when (DatabaseOutage.Is(e) || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            reachable = false;
        }
        return reachable
            ? TypedResults.Ok(new Report("ok", "reachable"))
            : TypedResults.Problem(title: "The database is unavailable", detail: "This server cannot reach its database.", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

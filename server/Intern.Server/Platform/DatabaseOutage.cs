using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Intern.Server;

/// <summary>
/// Tells "the database cannot be reached right now" (restarting, failing over, out of connections, locked)
/// apart from every other failure. The first is the platform's weather: callers answer 503 and try again,
/// workers wait and keep their jobs. The second is a bug and must surface as one.
/// </summary>
public static class DatabaseOutage
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool Is(Exception? exception)
    {
        // EF and Npgsql wrap the network error (DbUpdateException, InvalidOperationException, ...): look inside.
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException or SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked })
                return true;
        }
        return false;
    }
}

/// <summary>Answers a request that failed on a database outage with 503 and a ProblemDetails body, instead of a bare 500.</summary>
public sealed partial class DatabaseOutageHandler(IProblemDetailsService problems, ILogger<DatabaseOutageHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!DatabaseOutage.Is(exception))
            return false;
        LogOutage(httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable",
                Detail = "The platform cannot reach its database right now. Try again in a few seconds.",
            },
        });
    }

    [LoggerMessage(LogLevel.Warning, "{Method} {Path} failed: the database is unavailable ({Message})")]
    private partial void LogOutage(string method, string path, string message);
}

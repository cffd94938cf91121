using System.Data.Common;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Api;

/// <summary>
/// Counts the SQL commands the server runs while it answers requests for one path (a listing, say), on either database,
/// so that a test can show what a request costs the database. Requests for other paths and background work are not counted.
/// </summary>
public sealed class RequestCommands(IHttpContextAccessor http, string path) : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The registrations an <see cref="InternApplication"/> needs to count the commands of requests for <paramref name="counted"/>.</summary>
    public static Action<IServiceCollection> For(string counted) => services =>
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(sp => new RequestCommands(sp.GetRequiredService<IHttpContextAccessor>(), counted));
        services.ConfigureDbContext<SqliteInternDb>((sp, o) => o.AddInterceptors(sp.GetRequiredService<RequestCommands>()), ServiceLifetime.Singleton);
        services.ConfigureDbContext<PostgresInternDb>((sp, o) => o.AddInterceptors(sp.GetRequiredService<RequestCommands>()), ServiceLifetime.Singleton);
    };

    /// <summary>Sends the request and returns its answer with the commands it took.</summary>
    public async Task<(HttpResponseMessage Response, int Commands)> CountAsync(Func<Task<HttpResponseMessage>> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var before = Count;
        var response = await request();
        return (response, Count - before);
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (http.HttpContext?.Request.Path.Value?.TrimEnd('/') == path)
            Interlocked.Increment(ref _count);
        return base.CommandInitialized(eventData, result);
    }
}

using System.Net;
using Intern.Server.Persistence;

namespace Intern.Server.Tests.Api;

/// <summary>Liveness says the process answers; readiness (like <c>/health</c>) says it can reach its database.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task AServerWithItsDatabaseIsLiveAndReady()
    {
        await using var app = new InternApplication();
        await app.SeedAsync();
        using var anonymous = app.As(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AServerWithoutItsDatabaseIsLiveButNotReady()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"intern-no-such-dir-{Guid.NewGuid():N}", "intern.db");
        await using var app = new InternApplication(new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={missing};Mode=ReadWrite;Pooling=False" });
        using var anonymous = app.As(null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;

namespace Intern.Server.Tests.Api;

/// <summary>Sign-ins per address per minute: 10 unless the RateLimits section says otherwise, and never a limit of 0.</summary>
public sealed class RateLimitTests
{
    private static async Task<List<HttpStatusCode>> SignInsAsync(InternApplication app, int count)
    {
        await app.SeedAsync();
        using var client = app.As(null);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
            codes.Add((await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.test", password = "not the password " + i })).StatusCode);
        return codes;
    }

    [Fact]
    public async Task TheEleventhSignInOfAMinuteIsRefusedByDefault()
    {
        using var app = new InternApplication();
        var codes = await SignInsAsync(app, 11);
        Assert.All(codes.Take(10), c => Assert.Equal(HttpStatusCode.Unauthorized, c));
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[10]);
    }

    [Fact]
    public async Task TheLimitComesFromConfiguration()
    {
        using var app = new InternApplication(settings: new Dictionary<string, string> { ["RateLimits:SignInsPerMinute"] = "3" });
        var codes = await SignInsAsync(app, 4);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public void ALimitOfZeroStopsTheServerWithItsName()
    {
        using var app = new InternApplication(settings: new Dictionary<string, string> { ["RateLimits:UploadsPerMinute"] = "0" });
        var error = Assert.ThrowsAny<Exception>(() => app.As(null));
        Assert.Contains("RateLimits:UploadsPerMinute", error.ToString(), StringComparison.Ordinal);
    }
}

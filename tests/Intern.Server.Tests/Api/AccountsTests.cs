using System.Net;
using System.Net.Http.Json;

namespace Intern.Server.Tests.Api;

/// <summary>Sign-in, lockout and personal access tokens through the real HTTP pipeline.</summary>
public sealed class AccountsTests : IAsyncLifetime, IDisposable
{
    private readonly InternApplication _app = new();

    public Task InitializeAsync() => _app.SeedAsync();

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountButNotItsTokens()
    {
        using var client = _app.As(null);
        for (var i = 1; i <= 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email = "reviewer@example.test", password = "wrong guess number " + i })).StatusCode);
        var locked = await client.PostAsJsonAsync("/api/auth/login", new { email = "reviewer@example.test", password = InternApplication.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.test", password = "whatever it is" });
        // Locked and unknown accounts get the same answer: it does not reveal which emails have accounts.
        Assert.Equal(Detail(await unknown.Content.ReadAsStringAsync()), Detail(await locked.Content.ReadAsStringAsync()));
        using var cli = _app.As("reviewer");
        Assert.Equal(HttpStatusCode.OK, (await cli.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task SignInSetsAStrictHttpOnlyCookieThatAuthenticates()
    {
        using var client = _app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "admin@example.test", password = InternApplication.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("intern=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task NewTokenIsShownOnceWorksAndStopsWorkingWhenRevoked()
    {
        using var owner = _app.As("applicant-a");
        var created = await (await owner.PostAsJsonAsync("/api/tokens/", new { name = "ci", days = 7 })).Content.ReadFromJsonAsync<TokenCreated>();
        Assert.StartsWith("intern_pat_", created!.Token, StringComparison.Ordinal);
        using var viaToken = _app.CreateClient();
        viaToken.DefaultRequestHeaders.Authorization = new("Bearer", created.Token);
        Assert.Equal(HttpStatusCode.OK, (await viaToken.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
        var listed = await owner.GetStringAsync(new Uri("/api/tokens/", UriKind.Relative));
        Assert.DoesNotContain(created.Token, listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(new Uri($"/api/tokens/{created.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viaToken.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ResponsesCarrySecurityHeaders()
    {
        using var client = _app.As(null);
        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    private static string? Detail(string problem) => System.Text.Json.JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString();

    private sealed record TokenCreated(Guid Id, string Name, string Token);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();
}

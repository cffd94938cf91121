using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Intern.Server.Tests.Api;

/// <summary>A forgotten password through the real HTTP pipeline: the link goes to the log, works once, and lifts a lockout.</summary>
public sealed partial class PasswordResetTests : IAsyncLifetime, IDisposable
{
    private const string NewPassword = "a brand new passphrase";
    private readonly InternApplication _app = new();

    public Task InitializeAsync() => _app.SeedAsync();

    [GeneratedRegex(@"reset-password\?user=(?<user>[0-9a-f-]{36})&token=(?<token>[^\s]+)")]
    private static partial Regex ResetLink();

    private IReadOnlyList<Match> Links() => [.. _app.Log.Lines.Select(l => ResetLink().Match(l)).Where(m => m.Success)];

    [Fact]
    public async Task LinkFromTheLogSetsANewPasswordOnceAndLiftsTheLockout()
    {
        using var client = _app.As(null);
        for (var i = 1; i <= 5; i++)
            await client.PostAsJsonAsync("/api/auth/login", new { email = "applicant-a@example.test", password = "wrong guess number " + i });

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/auth/password-reset/", new { email = "applicant-a@example.test" })).StatusCode);
        var link = Assert.Single(Links());
        Assert.Contains(_app.Log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("applicant-a@example.test", StringComparison.Ordinal));
        var (user, token) = (Guid.Parse(link.Groups["user"].Value), Uri.UnescapeDataString(link.Groups["token"].Value));

        var weak = await client.PostAsJsonAsync("/api/auth/password-reset/confirm", new { user, token, password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("at least 12 characters", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var withToken = _app.As("applicant-a");
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/password-reset/confirm", new { user, token, password = NewPassword })).StatusCode);
        // The account's access tokens went with the old password.
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
        // Signed in at once with the new password, although the account was locked; the old one is gone.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { email = "applicant-a@example.test", password = NewPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email = "applicant-a@example.test", password = InternApplication.Password })).StatusCode);

        var again = await client.PostAsJsonAsync("/api/auth/password-reset/confirm", new { user, token, password = "yet another passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("not valid any more", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEmailGetsTheSameAnswerAndNoLink()
    {
        using var client = _app.As(null);
        var unknown = await client.PostAsJsonAsync("/api/auth/password-reset/", new { email = "nobody@example.test" });
        var known = await client.PostAsJsonAsync("/api/auth/password-reset/", new { email = "reviewer@example.test" });
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Single(Links());
    }

    [Fact]
    public async Task TheLinkIsNeverBuiltFromTheAskersHostHeader()
    {
        using var client = _app.As(null);
        client.DefaultRequestHeaders.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/auth/password-reset/", new { email = "applicant-b@example.test" })).StatusCode);
        var line = Assert.Single(_app.Log.Lines, l => l.Contains("reset-password?", StringComparison.Ordinal));
        Assert.DoesNotContain("attacker.example", line, StringComparison.Ordinal);
        // Without Bootstrap:PublicUrl the link is a path on this site.
        Assert.Contains(" /reset-password?user=", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedTokenIsRefused()
    {
        using var client = _app.As(null);
        await client.PostAsJsonAsync("/api/auth/password-reset/", new { email = "reviewer@example.test" });
        var user = Guid.Parse(Assert.Single(Links()).Groups["user"].Value);
        var forged = await client.PostAsJsonAsync("/api/auth/password-reset/confirm", new { user, token = "CfDJ8forged", password = NewPassword });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email = "reviewer@example.test", password = NewPassword })).StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();
}

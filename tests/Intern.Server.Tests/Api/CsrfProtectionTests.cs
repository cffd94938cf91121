using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Intern.Server.Tests.Api;

/// <summary>
/// Cookie sessions prove their unsafe requests with the antiforgery token; token (Bearer) clients and
/// signing in need none. Each client here keeps its cookies, as a browser does.
/// </summary>
public sealed class CsrfProtectionTests : IAsyncLifetime, IDisposable
{
    private readonly InternApplication _app = new();

    public Task InitializeAsync() => _app.SeedAsync();

    private async Task<HttpClient> SignInAsync(string who)
    {
        var browser = _app.CreateClient();
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { email = $"{who}@example.test", password = InternApplication.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return browser;
    }

    private static async Task<string> TokenAsync(HttpClient browser)
    {
        var token = await browser.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery");
        Assert.Equal("X-CSRF-TOKEN", token.GetProperty("headerName").GetString());
        return token.GetProperty("requestToken").GetString()!;
    }

    private static HttpRequestMessage CreateToken(string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/tokens/", UriKind.Relative)) { Content = JsonContent.Create(new { name = "cli", days = 7 }) };
        if (csrf is not null)
            request.Headers.Add("X-CSRF-TOKEN", csrf);
        return request;
    }

    [Fact]
    public async Task CookieSessionPostWithoutTheTokenIsRefusedWithAProblemThatSaysWhatToDo()
    {
        using var browser = await SignInAsync("applicant-a");
        var refused = await browser.SendAsync(CreateToken(csrf: null));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("antiforgery token", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("/api/auth/antiforgery", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SendAsync(CreateToken(csrf: "forged"))).StatusCode);
    }

    [Fact]
    public async Task CookieSessionPostWithTheTokenSucceeds()
    {
        using var browser = await SignInAsync("applicant-a");
        var csrf = await TokenAsync(browser);
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(CreateToken(csrf))).StatusCode);
        using var logout = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/auth/logout", UriKind.Relative));
        logout.Headers.Add("X-CSRF-TOKEN", csrf);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(logout)).StatusCode);
    }

    [Fact]
    public async Task CookieSessionUploadCarriesTheTokenInTheHeader()
    {
        using var browser = await SignInAsync("applicant-a");
        MultipartFormDataContent Upload() => new()
        {
            { new ByteArrayContent(Submissions.HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"))), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
        };
        var uploads = new Uri("/api/submissions/", UriKind.Relative);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync(uploads, Upload())).StatusCode);
        // A form field is not looked for: reading it would consume the upload the endpoint streams.
        var withField = Upload();
        withField.Add(new StringContent(await TokenAsync(browser)), "__RequestVerificationToken");
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync(uploads, withField)).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, uploads) { Content = Upload() };
        request.Headers.Add("X-CSRF-TOKEN", await TokenAsync(browser));
        Assert.Equal(HttpStatusCode.Accepted, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task ATokenFetchedBeforeSigningInDoesNotServeTheSession()
    {
        using var browser = _app.CreateClient();
        var anonymous = await TokenAsync(browser);
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { email = "applicant-a@example.test", password = InternApplication.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.SendAsync(CreateToken(anonymous))).StatusCode);
    }

    [Fact]
    public async Task BearerRequestsNeedNoToken()
    {
        using var cli = _app.As("applicant-a");
        Assert.Equal(HttpStatusCode.Created, (await cli.SendAsync(CreateToken(csrf: null))).StatusCode);
    }

    [Fact]
    public async Task SigningInNeedsNoTokenEvenWithASessionAlready()
    {
        using var browser = await SignInAsync("applicant-a");
        var again = await browser.PostAsJsonAsync("/api/auth/login", new { email = "reviewer@example.test", password = InternApplication.Password });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("reviewer@example.test", (await browser.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("email").GetString());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();
}

using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Api;

/// <summary>The OpenAPI document covers the whole route table, and its page is served whole by the platform itself.</summary>
public sealed partial class ApiDocsTests : IAsyncLifetime, IDisposable
{
    private readonly InternApplication _app = new();

    public Task InitializeAsync() => _app.SeedAsync();

    [Fact]
    public async Task DocumentListsEveryRouteOfTheRouteTable()
    {
        using var anonymous = _app.As(null);
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        var documented = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {Normalize(p.Name)}"))
            .ToHashSet(StringComparer.Ordinal);
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var hidden = endpoints.Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true)
            .Select(e => e.RoutePattern.RawText).ToHashSet(StringComparer.Ordinal);
        // No API route stays out of the description; the description itself and the web UI's assets do.
        Assert.DoesNotContain(hidden, IsApi);
        Assert.Contains("/openapi/{documentName}.json", hidden);
        var routes = endpoints.Where(e => IsApi(e.RoutePattern.RawText))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToList();
        Assert.NotEmpty(routes);
        var missing = routes.Where(r => !documented.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "Routes missing from the OpenAPI document: " + string.Join(", ", missing));
        Assert.Equal("text/event-stream", paths.GetProperty("/api/submissions/{id}/events").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").EnumerateObject().Single().Name);
        Assert.True(document.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _));
    }

    /// <summary>The HTTP API, as opposed to the web UI's pages (which are HTML for browsers, not operations).</summary>
    private static bool IsApi(string? route) => route is not null && (route.StartsWith("/api/", StringComparison.Ordinal) || route == "/health");

    [Fact]
    public async Task PageIsServedToAnyoneAndAsksNothingOfOtherHosts()
    {
        using var anonymous = _app.As(null);
        var page = await anonymous.GetAsync(new Uri("/openapi", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Equal(["/openapi/docs.css", "/openapi/docs.js", "/openapi/v1.json"], assets.Order(StringComparer.Ordinal));
        var texts = new List<string> { html };
        foreach (var asset in assets)
        {
            var response = await anonymous.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (!asset.EndsWith(".json", StringComparison.Ordinal))
                texts.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.Contains("fetch(\"/openapi/v1.json\"", texts[^1], StringComparison.Ordinal);
        Assert.All(texts, text => Assert.DoesNotMatch(@"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text));
    }

    // Path parameters are named alike in routes and in the document; constraints and trailing slashes are the route's own.
    private static string Normalize(string path) => RouteConstraint().Replace(path, "{${name}}").TrimEnd('/');

    // {id:guid} and catch-all {*path} are {id} and {path} in the document.
    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"(?:src|href)=""(?<url>[^""]+)""")]
    private static partial Regex AssetReference();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();
}

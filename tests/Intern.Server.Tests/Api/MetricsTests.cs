using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Intern.Server.Tests.Api;

/// <summary>
/// <c>GET /metrics</c> in Prometheus' text format. Other test servers in this process publish meters of the same names;
/// each server exports only its own, so the counts here are exact.
/// </summary>
public sealed partial class MetricsTests : IAsyncLifetime, IDisposable
{
    private readonly InternApplication _app = new();

    public Task InitializeAsync() => _app.SeedAsync();

    [Fact]
    public async Task AnUploadShowsInTheQueueDepthAndTheUploadSizes()
    {
        using var applicant = _app.As("applicant-a");
        Assert.Equal(HttpStatusCode.Accepted, (await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), Upload("sum"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), Upload("no-such-task"))).StatusCode);

        using var admin = _app.As("admin");
        var response = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE intern_queue_depth gauge", text, StringComparison.Ordinal);
        Assert.Equal(1, Value(text, "intern_queue_depth", "state=\"queued\""));
        Assert.Contains("intern_queue_depth{otel_scope_name=\"Intern\",state=\"running\"}", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE intern_upload_size_bytes histogram", text, StringComparison.Ordinal);
        Assert.Equal(1, Value(text, "intern_upload_size_bytes_count", ""));
        // The solution is a few hundred bytes zipped: it falls in the smallest bucket.
        Assert.Equal(1, Value(text, "intern_upload_size_bytes_bucket", "le=\"1024\""));
        Assert.Equal(1, Value(text, "intern_upload_refusals_total", "status=\"400\""));
        // ASP.NET Core's own request metrics come along.
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsAreForAdminsByDefault()
    {
        await using var app = new InternApplication();
        await app.SeedAsync();
        using var anonymous = app.As(null);
        using var applicant = app.As("applicant-a");
        using var admin = app.As("admin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        var scraped = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("intern_queue_depth", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeploymentCanOpenMetricsToAnAnonymousScraper()
    {
        await using var app = new InternApplication(settings: new Dictionary<string, string> { ["Metrics:RequirePolicy"] = "anonymous" });
        await app.SeedAsync();
        using var anonymous = app.As(null);
        var scraped = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("intern_queue_depth", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsCanBeTurnedOff()
    {
        await using var app = new InternApplication(settings: new Dictionary<string, string> { ["Metrics:Enabled"] = "false" });
        await app.SeedAsync();
        using var admin = app.As("admin");
        var response = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("intern_queue_depth", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownPolicyStopsTheServerFromStarting()
    {
        using var app = new InternApplication(settings: new Dictionary<string, string> { ["Metrics:RequirePolicy"] = "everyone" });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("RequirePolicy", error.ToString(), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Upload(string task) => new()
    {
        { new ByteArrayContent(Submissions.HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"))), "file", "solution.zip" },
        { new StringContent(task), "task" },
    };

    /// <summary>The value of the first sample of <paramref name="metric"/> whose labels contain <paramref name="label"/>.</summary>
    private static double Value(string text, string metric, string label)
    {
        var sample = Sample().Matches(text).FirstOrDefault(m => m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal));
        return sample is null ? double.NaN : double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();
}

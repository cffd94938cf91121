using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Api;

/// <summary>
/// Every endpoint of the route table, called by every kind of caller. An endpoint missing from the
/// table below fails the test, so a new endpoint cannot ship without a stated policy.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime, IDisposable
{
    private enum Access
    {
        Anyone,
        SignedIn,
        Applicant,
        Reviewer,
        Admin,
        Owner,
    }

    private static readonly Dictionary<string, Access> Matrix = new(StringComparer.Ordinal)
    {
        ["GET /health"] = Access.Anyone,
        ["GET /health/live"] = Access.Anyone,
        ["GET /health/ready"] = Access.Anyone,
        // Admins by default; Metrics:RequirePolicy opens it to a scraper or to reviewers (MetricsTests).
        ["GET /metrics"] = Access.Admin,
        ["POST /api/auth/login"] = Access.Anyone,
        ["POST /api/auth/logout"] = Access.SignedIn,
        ["GET /api/auth/me"] = Access.SignedIn,
        ["GET /api/auth/antiforgery"] = Access.Anyone,
        ["POST /api/auth/password-reset/"] = Access.Anyone,
        ["POST /api/auth/password-reset/confirm"] = Access.Anyone,
        ["POST /api/tokens/"] = Access.SignedIn,
        ["GET /api/tokens/"] = Access.SignedIn,
        ["DELETE /api/tokens/{id:guid}"] = Access.SignedIn,
        ["POST /api/submissions/"] = Access.Applicant,
        ["GET /api/submissions/"] = Access.Applicant,
        ["GET /api/submissions/{id:guid}"] = Access.Owner,
        ["GET /api/submissions/{id:guid}/events"] = Access.Owner,
        ["GET /api/submissions/{id:guid}/result"] = Access.Reviewer,
        ["GET /api/submissions/{id:guid}/artifacts/{ordinal:int}"] = Access.Reviewer,
        ["GET /api/submissions/{id:guid}/archive"] = Access.Owner,
        ["GET /api/admin/jobs/"] = Access.Admin,
        ["POST /api/admin/jobs/{id:guid}/retry"] = Access.Admin,
        ["POST /api/admin/submissions/{id:guid}/regrade"] = Access.Admin,
        ["GET /api/admin/rejudges/"] = Access.Admin,
        ["GET /api/admin/rejudges/{id:guid}"] = Access.Admin,
        ["POST /api/admin/rejudges/{id:guid}/apply"] = Access.Admin,
        ["POST /api/admin/rejudges/{id:guid}/discard"] = Access.Admin,
        ["POST /api/admin/rounds/{round:guid}/{task}/rejudge"] = Access.Admin,
        ["GET /api/rounds/"] = Access.SignedIn,
        ["GET /api/rounds/{id:guid}"] = Access.SignedIn,
        ["POST /api/rounds/"] = Access.Admin,
        ["PUT /api/rounds/{id:guid}"] = Access.Admin,
        ["POST /api/rounds/{id:guid}/release"] = Access.Admin,
        ["POST /api/invitations/"] = Access.Admin,
        ["GET /api/invitations/{secret}"] = Access.Anyone,
        ["POST /api/invitations/{secret}/accept"] = Access.Anyone,
        ["GET /api/tasks/"] = Access.SignedIn,
        ["GET /api/tasks/versions"] = Access.Reviewer,
        ["GET /api/tasks/{slug}"] = Access.SignedIn,
        ["GET /api/tasks/{slug}/starter.zip"] = Access.SignedIn,
        ["GET /api/tasks/{slug}/images/{*path}"] = Access.SignedIn,
        ["GET /api/reviews/queue"] = Access.Reviewer,
        ["GET /api/reviews/{id:guid}"] = Access.Reviewer,
        ["GET /api/reviews/{id:guid}/report.pdf"] = Access.Reviewer,
        ["PUT /api/reviews/{id:guid}/draft"] = Access.Reviewer,
        ["POST /api/reviews/{id:guid}/submit"] = Access.Reviewer,
        ["POST /api/reviews/{id:guid}/lines"] = Access.Reviewer,
        ["DELETE /api/reviews/{id:guid}/lines/{comment:guid}"] = Access.Reviewer,
        ["POST /api/reviews/assignments"] = Access.Admin,
        ["POST /api/reviews/rounds/{round:guid}/{task}/assign"] = Access.Admin,
        ["GET /api/reviews/rounds/{round:guid}/{task}"] = Access.Admin,
        ["GET /api/reviews/rounds/{round:guid}/{task}/applicants.csv"] = Access.Admin,
        ["PUT /api/reviews/rounds/{round:guid}/{task}/decisions/{applicant:guid}"] = Access.Admin,
        ["GET /openapi/{documentName}.json"] = Access.Anyone,
        ["GET /openapi/"] = Access.Anyone,
        ["GET /openapi/docs.js"] = Access.Anyone,
        ["GET /openapi/docs.css"] = Access.Anyone,
        // The web UI (Intern.Web): open at the endpoint; each page sends signed-out visitors to sign in and shows
        // only what the API above answers the same user (browser journeys in Intern.Web.Tests check the pages).
        ["GET /assets/{name}"] = Access.Anyone,
        ["GET /_framework/opaque-redirect"] = Access.Anyone,
        ["GET /"] = Access.Anyone,
        ["POST /"] = Access.Anyone,
        ["GET /signin"] = Access.Anyone,
        ["POST /signin"] = Access.Anyone,
        ["GET /signout"] = Access.Anyone,
        ["POST /signout"] = Access.Anyone,
        ["GET /forgot-password"] = Access.Anyone,
        ["POST /forgot-password"] = Access.Anyone,
        ["GET /reset-password"] = Access.Anyone,
        ["POST /reset-password"] = Access.Anyone,
        ["GET /invite/{Secret}"] = Access.Anyone,
        ["POST /invite/{Secret}"] = Access.Anyone,
        ["GET /not-found"] = Access.Anyone,
        ["POST /not-found"] = Access.Anyone,
        ["GET /tasks/{Slug}"] = Access.Anyone,
        ["POST /tasks/{Slug}"] = Access.Anyone,
        ["GET /submissions"] = Access.Anyone,
        ["POST /submissions"] = Access.Anyone,
        ["GET /submissions/{Id:guid}"] = Access.Anyone,
        ["POST /submissions/{Id:guid}"] = Access.Anyone,
        // Staff pages: reviewers and admins only (others get the not-found page), checked by the pages through IReviewDesk.
        ["GET /review"] = Access.Anyone,
        ["POST /review"] = Access.Anyone,
        ["GET /review/{Id:guid}"] = Access.Anyone,
        ["POST /review/{Id:guid}"] = Access.Anyone,
        ["GET /review/rounds"] = Access.Anyone,
        ["POST /review/rounds"] = Access.Anyone,
        ["GET /review/rounds/{RoundId:guid}/{Task}"] = Access.Anyone,
        ["POST /review/rounds/{RoundId:guid}/{Task}"] = Access.Anyone,
        ["GET /review/rounds/{RoundId:guid}/{Task}/{ApplicantId:guid}"] = Access.Anyone,
        ["POST /review/rounds/{RoundId:guid}/{Task}/{ApplicantId:guid}"] = Access.Anyone,
        ["GET /review/rounds/{RoundId:guid}/{Task}/rejudge"] = Access.Anyone,
        ["POST /review/rounds/{RoundId:guid}/{Task}/rejudge"] = Access.Anyone,
    };

    private static readonly string?[] Callers = [null, "applicant-a", "applicant-b", "reviewer", "admin"];

    private readonly InternApplication _app = new();
    private Guid _submissionOfA;

    public async Task InitializeAsync()
    {
        await _app.SeedAsync();
        var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent(Submissions.HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"))), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
        };
        var response = await _app.As("applicant-a").PostAsync(new Uri("/api/submissions/", UriKind.Relative), upload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        _submissionOfA = (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString() is { } id ? Guid.Parse(id) : Guid.Empty;
    }

    [Fact]
    public void EveryEndpointIsInTheMatrix()
    {
        var routes = Endpoints().ToList();
        var unlisted = routes.Where(r => !Matrix.ContainsKey(r)).ToList();
        var stale = Matrix.Keys.Where(k => !routes.Contains(k)).ToList();
        Assert.True(unlisted.Count == 0, "Endpoints without a row in the matrix: " + string.Join(", ", unlisted));
        Assert.True(stale.Count == 0, "Rows for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EveryEndpointAdmitsExactlyTheCallersItsPolicyNames()
    {
        var failures = new List<string>();
        foreach (var route in Endpoints())
        {
            foreach (var caller in Callers)
            {
                var status = await CallAsync(route, caller);
                var expected = Expected(Matrix[route], caller);
                var ok = expected switch
                {
                    // Past authorization a handler may still say 404 (the placeholder id names no token or job),
                    // except where 404 is itself the refusal: someone else's submission.
                    HttpStatusCode.OK => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError)
                        && !(Matrix[route] == Access.Owner && status == HttpStatusCode.NotFound),
                    _ => status == expected,
                };
                if (!ok)
                    failures.Add($"{route} as {caller ?? "anonymous"}: got {(int)status}, expected {(expected == HttpStatusCode.OK ? "access" : ((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static HttpStatusCode Expected(Access access, string? caller)
    {
        if (access == Access.Anyone)
            return HttpStatusCode.OK;
        if (caller is null)
            return HttpStatusCode.Unauthorized;
        var allowed = access switch
        {
            Access.SignedIn => true,
            Access.Applicant => caller.StartsWith("applicant", StringComparison.Ordinal),
            Access.Reviewer => caller is "reviewer" or "admin",
            Access.Admin => caller == "admin",
            // Another applicant's submission answers 404, like one that does not exist.
            Access.Owner => caller is "applicant-a" or "reviewer" or "admin",
            _ => false,
        };
        return allowed ? HttpStatusCode.OK : access == Access.Owner ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
    }

    private async Task<HttpStatusCode> CallAsync(string route, string? caller)
    {
        var (method, pattern) = (route.Split(' ')[0], route.Split(' ')[1]);
        // Ignoring case: page routes spell their parameters as component properties ({Id:guid}, {Slug}).
        var path = pattern.Replace("{id:guid}", _submissionOfA.ToString(), StringComparison.OrdinalIgnoreCase)
            .Replace("{slug}", "sum", StringComparison.OrdinalIgnoreCase).Replace("{secret}", "intern_inv_unknown", StringComparison.OrdinalIgnoreCase)
            .Replace("{name}", "intern.css", StringComparison.Ordinal).Replace("{*path}", "figures/sum.png", StringComparison.Ordinal)
            .Replace("{round:guid}", _app.RoundId.ToString(), StringComparison.OrdinalIgnoreCase).Replace("{task}", "sum", StringComparison.OrdinalIgnoreCase)
            .Replace("{applicant:guid}", Guid.Empty.ToString(), StringComparison.Ordinal).Replace("{comment:guid}", Guid.Empty.ToString(), StringComparison.Ordinal).Replace("{ordinal:int}", "0", StringComparison.Ordinal)
            .Replace("{RoundId:guid}", _app.RoundId.ToString(), StringComparison.Ordinal).Replace("{ApplicantId:guid}", Guid.Empty.ToString(), StringComparison.Ordinal).Replace("{documentName}", "v1", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method is "POST" && path.EndsWith("/api/submissions/", StringComparison.Ordinal))
            request.Content = new MultipartFormDataContent { { new StringContent("sum"), "task" } };
        else if (method is "POST" or "PUT")
            request.Content = JsonContent.Create(new { });
        using var client = _app.As(caller);
        // Headers are enough, and all a live stream (events) gives before it ends.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    private IEnumerable<string> Endpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _app.Dispose();
}

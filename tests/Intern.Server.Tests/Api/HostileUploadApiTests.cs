using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Tests.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Api;

/// <summary>
/// Hostile and malformed uploads through the real HTTP endpoint, as an applicant's API client sends them:
/// each is refused with the right status and a ProblemDetails body whose words name the problem, and
/// nothing of it is stored, in the database or in the spool directory.
/// </summary>
public sealed class HostileUploadApiTests(HostileUploadApiTests.Server server) : IClassFixture<HostileUploadApiTests.Server>
{
    private const long MaxUploadBytes = 32L << 20;

    public static TheoryData<string> Cases() =>
        [.. HostileUploads.CaseNames, "json body", "form without a file", "form without a task", "over the size limit"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileUploadIsRefusedWithAProblemThatNamesItAndNothingIsStored(string what)
    {
        var (content, status, expected) = Request(what);
        using var client = await server.NewApplicantAsync();
        var response = await client.PostAsync(new Uri("/api/submissions/", UriKind.Relative), content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var words = $"{problem.GetProperty("title").GetString()} {problem.GetProperty("detail").GetString()}";
        Assert.Contains(expected, words, StringComparison.OrdinalIgnoreCase);

        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        Assert.Equal(0, await db.Submissions.CountAsync());
        Assert.Equal(0, await db.GradingJobs.CountAsync());
        Assert.Equal(0, await db.Blobs.CountAsync());
        Assert.Empty(Directory.Exists(server.App.SpoolDirectory) ? Directory.GetFiles(server.App.SpoolDirectory) : []);
    }

    private static (HttpContent Content, HttpStatusCode Status, string Expected) Request(string what) => what switch
    {
        "json body" => (JsonContent.Create(new { task = "sum", file = "UEsDBA==" }), HttpStatusCode.UnsupportedMediaType, "multipart/form-data"),
        "form without a file" => (Form("sum", null), HttpStatusCode.BadRequest, "no 'file' field"),
        "form without a task" => (Form(null, HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"))), HttpStatusCode.BadRequest, "no 'task' field"),
        "over the size limit" => (Form("sum", new byte[MaxUploadBytes + (1 << 20)]), HttpStatusCode.RequestEntityTooLarge, "larger than 32 MiB"),
        _ => (Form("sum", HostileUploads.Get(what).Upload), HttpStatusCode.BadRequest, HostileUploads.Get(what).Expected),
    };

    private static MultipartFormDataContent Form(string? task, byte[]? zip)
    {
        var form = new MultipartFormDataContent();
        if (task is not null)
            form.Add(new StringContent(task), "task");
        if (zip is not null)
        {
            var file = new ByteArrayContent(zip);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(file, "file", "solution.zip");
        }
        return form;
    }

    /// <summary>One server for all cases; every case uploads as a new applicant, so that the upload rate limit never answers instead.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private int _applicants;

        public InternApplication App { get; } = new();

        public Task InitializeAsync() => App.SeedAsync();

        public async Task<HttpClient> NewApplicantAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            var token = await InternApplication.CreateUserAsync(scope.ServiceProvider, $"hostile-{Interlocked.Increment(ref _applicants)}", AccountRegistration.Applicant);
            var client = App.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}

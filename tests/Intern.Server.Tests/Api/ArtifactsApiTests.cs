using System.Net;
using System.Text.Json;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Api;

/// <summary>
/// Files a grading produced for reviewers (screenshots, logs) are kept with the result, stored once by content, and served
/// to staff only: images in the page, anything else as a download, never as a page of ours.
/// </summary>
public abstract class ArtifactsApiTests<TDatabases>(TDatabases databases) : SeededApplicationTests<TDatabases>(databases)
    where TDatabases : TestDatabases
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3];
    private static readonly byte[] Html = "<script>alert(document.cookie)</script>"u8.ToArray();

    [Fact]
    public async Task ArtifactsAreKeptWithTheResultAndServedToStaffOnly()
    {
        using var a = App.As("applicant-a");
        using var b = App.As("applicant-b");
        var first = await UploadAsync(a);
        var second = await UploadAsync(b);
        // Two gradings with the same screenshot: its bytes are stored once.
        await GradeNextAsync();
        await GradeNextAsync();

        using var reviewer = App.As("reviewer");
        // Only the submission's own reviewers (and admins) reach its artifacts.
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(Artifact(first, 0))).StatusCode);
        await using (var assigning = App.Services.CreateAsyncScope())
        {
            var reviews = assigning.ServiceProvider.GetRequiredService<InternDb>();
            var reviewerId = await reviews.Users.Where(u => u.UserName == "reviewer@example.test").Select(u => u.Id).SingleAsync();
            var now = TimeProvider.System.GetUtcNow();
            reviews.Reviews.AddRange(Intern.Server.Reviews.Review.Assign(first, reviewerId, null, now), Intern.Server.Reviews.Review.Assign(second, reviewerId, null, now));
            await reviews.SaveChangesAsync();
        }
        var image = await reviewer.GetAsync(Artifact(first, 0));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await image.Content.ReadAsByteArrayAsync());
        Assert.Contains("sandbox", image.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // What a checker calls HTML is still only ever a download here.
        var page = await reviewer.GetAsync(Artifact(second, 1));
        Assert.Equal("application/octet-stream", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("report.html", page.Content.Headers.ContentDisposition?.FileNameStar ?? page.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(Artifact(first, 2))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(Artifact(Guid.NewGuid(), 0))).StatusCode);
        // Applicants do not reach them, not even their own (the task decides what they see, through the result's tests).
        Assert.Equal(HttpStatusCode.Forbidden, (await a.GetAsync(Artifact(first, 0))).StatusCode);

        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        Assert.Equal(4, await db.GradingArtifacts.CountAsync());
        var hashes = await db.GradingArtifacts.Select(x => x.BlobSha256).Distinct().ToListAsync();
        Assert.Equal(2, hashes.Count);
        Assert.Equal(2, await db.Blobs.CountAsync(x => hashes.Contains(x.Sha256)));
    }

    private static Uri Artifact(Guid submission, int ordinal) => new($"/api/submissions/{submission}/artifacts/{ordinal}", UriKind.Relative);

    private async Task<Guid> UploadAsync(HttpClient applicant)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Submissions.HostileUploads.Zip(("run", "#!/bin/sh\ncat\n"))), "file", "solution.zip" },
            { new StringContent("sum"), "task" },
            { new StringContent(App.RoundId.ToString()), "round" },
        };
        var response = await applicant.PostAsync(new Uri("/api/submissions/", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Stores the next job's result with a screenshot and an HTML log, as a worker would.</summary>
    private async Task GradeNextAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.ClaimAsync("test-worker", default);
        Assert.NotNull(job);
        var result = new GradingResult
        {
            Score = 1,
            MaxScore = 1,
            Artifacts = [new Artifact("upload.png", "image/png", "journey/upload.png"), new Artifact("logs/report.html", "text/html", "journey/report.html")],
            ArtifactFiles = [new SandboxFile("journey/upload.png", Png), new SandboxFile("journey/report.html", Html)],
        };
        await queue.CompleteAsync(job.Id, "test-worker", result, default);
    }
}

public sealed class ArtifactsApiOnSqliteTests(SqliteDatabases databases) : ArtifactsApiTests<SqliteDatabases>(databases);

public sealed class ArtifactsApiOnPostgresTests(PostgresDatabases databases) : ArtifactsApiTests<PostgresDatabases>(databases);

using System.Net;

namespace Intern.Server.Tests.Api;

/// <summary>The statement's pictures are served, and nothing else of the task folder is, whatever the path says.</summary>
public sealed class StatementImagesTests : IAsyncLifetime, IDisposable
{
    private readonly InternApplication _app = new();

    public Task InitializeAsync() => _app.SeedAsync();

    [Fact]
    public async Task TheReferencedImageIsServedAsAnImage()
    {
        using var client = _app.As("applicant-a");
        var image = await client.GetAsync(new Uri("/api/tasks/sum/images/figures/sum.png", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "fixtures", "sum", "figures", "sum.png")), await image.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("task.yaml")]
    [InlineData("statement.md")]
    [InlineData("generators/gen.py")]
    [InlineData("figures/../task.yaml")]
    [InlineData("figures/%2E%2E/task.yaml")]
    [InlineData("..%2F..%2Fsum%2Ftask.yaml")]
    [InlineData("figures/missing.png")]
    public async Task NothingElseOfTheTaskFolderIsServed(string path)
    {
        using var client = _app.As("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/tasks/sum/images/{path}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ApplicantsSeeOnlyTheirRoundsTasksImages()
    {
        using var client = _app.As("applicant-a");
        // The seeded round offers sum, wordfreq and concat, not the real tracks.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/tasks/fgsm/images/figures/sum.png", UriKind.Relative))).StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();
}

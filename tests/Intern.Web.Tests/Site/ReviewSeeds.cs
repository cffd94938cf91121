using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Reviews;
using Intern.Server.Rounds;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Web.Tests.Site;

/// <summary>
/// What reviewer journeys start from, made without the browser: a round of their own (so that journeys never share
/// assignments), applicants who upload through the API and wait for the real grading, reviewers and assignments.
/// </summary>
internal static class ReviewSeeds
{
    public sealed record Person(Guid Id, string Email, string Name, HttpClient Api, string Token);

    /// <summary>
    /// Makes the browser context act as <paramref name="person"/> through their access token, without the sign-in page:
    /// its limit of sign-ins per minute and address is for people, and journeys switch users often.
    /// </summary>
    public static async Task ActAsAsync(this Microsoft.Playwright.IPage page, Person person)
    {
        await page.Context.ClearCookiesAsync();
        await page.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Authorization"] = $"Bearer {person.Token}" });
    }

    public static async Task<Guid> OpenRoundAsync(this InternSite site, string name, bool blind, string task = "sum")
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var now = TimeProvider.System.GetUtcNow();
        var round = HiringRound.Open(name, now.AddDays(3), 5, [task], now, blindReview: blind);
        db.HiringRounds.Add(round);
        await db.SaveChangesAsync();
        return round.Id;
    }

    /// <summary>An account with a password (to sign in) and a token (for the API); applicants are enrolled in <paramref name="round"/>.</summary>
    public static async Task<Person> PersonAsync(this InternSite site, string name, string role, Guid? round = null)
    {
        var email = $"{name.ToLowerInvariant().Replace(' ', '.')}-{Guid.NewGuid().ToString("N")[..6]}@example.test";
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, DisplayName = name };
        var created = await users.CreateAsync(user, InternSite.Password);
        if (!created.Succeeded)
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var now = TimeProvider.System.GetUtcNow();
        if (round is { } roundId)
            db.RoundMembers.Add(RoundMember.Enrol(roundId, user.Id, now));
        return await WithTokenAsync(site, db, user);
    }

    /// <summary>An account made elsewhere (a reviewer of another journey, say), with a fresh token to act as them.</summary>
    public static async Task<Person> ExistingPersonAsync(this InternSite site, Guid id)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        return await WithTokenAsync(site, db, await db.Users.SingleAsync(u => u.Id == id));
    }

    /// <summary>Gives <paramref name="user"/> a token for the API, saving it with whatever else <paramref name="db"/> holds.</summary>
    private static async Task<Person> WithTokenAsync(InternSite site, InternDb db, AppUser user)
    {
        var (token, secret) = PersonalAccessToken.Create(user.Id, "browser tests", TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(1));
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync();
        var client = new HttpClient { BaseAddress = site.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return new Person(user.Id, user.Email!, user.DisplayName, client, secret);
    }

    /// <summary>Uploads <paramref name="archive"/> for <paramref name="task"/> in the round and waits until the worker (real Docker) has graded it.</summary>
    public static async Task<Guid> UploadGradedAsync(this Person applicant, Guid round, byte[] archive, string fileName = "sum.zip", string task = "sum")
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(archive), "file", fileName },
            { new StringContent(task), "task" },
            { new StringContent(round.ToString()), "round" },
        };
        using var uploaded = await applicant.Api.PostAsync(new Uri("/api/submissions", UriKind.Relative), form);
        var body = await uploaded.Content.ReadAsStringAsync();
        Assert.True(uploaded.IsSuccessStatusCode, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        var until = TimeProvider.System.GetUtcNow().AddMinutes(3);
        while (TimeProvider.System.GetUtcNow() < until)
        {
            var status = (await applicant.Api.GetFromJsonAsync<JsonElement>($"/api/submissions/{id}")).GetProperty("status").GetString();
            if (status == "graded")
                return id;
            Assert.NotEqual("platform_error", status);
            await Task.Delay(250);
        }
        throw new TimeoutException($"Submission {id} was not graded within 3 minutes.");
    }

    /// <summary>
    /// Stores <paramref name="result"/> (with its artifact files) as the submission's current result, the way the queue
    /// stores a worker's: for pages that show what only some tracks' checkers produce (leaderboards, screenshots).
    /// </summary>
    public static async Task RecordResultAsync(this InternSite site, Guid submission, Intern.Grading.Results.GradingResult result)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var now = TimeProvider.System.GetUtcNow();
        var record = Intern.Server.Submissions.GradingRecord.Create(submission, Guid.NewGuid(), 1, result, now);
        db.GradingRecords.Add(record);
        for (var i = 0; i < result.Artifacts.Count; i++)
        {
            var file = result.ArtifactFiles.Single(f => f.Path == result.Artifacts[i].Path);
            var blob = Intern.Server.Submissions.Blob.Create(file.Content.ToArray(), now);
            if (!db.Blobs.Any(b => b.Sha256 == blob.Sha256) && !db.Blobs.Local.Any(b => b.Sha256 == blob.Sha256))
                db.Blobs.Add(blob);
            db.GradingArtifacts.Add(Intern.Server.Submissions.GradingArtifact.Create(record.Id, i, result.Artifacts[i].Name, result.Artifacts[i].MediaType, blob.Sha256));
        }
        (await db.Submissions.SingleAsync(s => s.Id == submission)).MakeCurrent(record);
        await db.SaveChangesAsync();
    }

    /// <summary>A grading of the submission that ended as a platform error (its only attempt spent), as a dead engine leaves it.</summary>
    public static async Task FailGradingAsync(this InternSite site, Guid submission, string error)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var now = TimeProvider.System.GetUtcNow();
        var job = Intern.Server.Queue.GradingJob.Enqueue(submission, now, maxAttempts: 1);
        // Claimed and failed before it is stored, so that no worker can take it in between.
        job.Claim("a worker that lost its engine", now, TimeSpan.FromMinutes(1));
        job.FailAttempt("a worker that lost its engine", now, error);
        db.GradingJobs.Add(job);
        await db.SaveChangesAsync();
    }

    public static async Task AssignAsync(this InternSite site, Guid submission, params Person[] reviewers)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        foreach (var reviewer in reviewers)
            db.Reviews.Add(Review.Assign(submission, reviewer.Id, null, TimeProvider.System.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    /// <summary>Submits a review through the API, as a reviewer who does not need the browser.</summary>
    public static async Task SubmitReviewAsync(this Person reviewer, Guid submission, double code, double report)
    {
        using var response = await reviewer.Api.PostAsJsonAsync($"/api/reviews/{submission}/submit", new
        {
            scores = new[] { new { criterion = "code", points = code, comment = "" }, new { criterion = "report", points = report, comment = "" } },
            comment = "",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A correct sum with a report and a notes file named after its author, as applicants do.</summary>
    public static byte[] SolutionWithReport(string author, string email) => Solutions.Zip(
        ("run", "#!/bin/sh\nexec python3 solution.py\n"),
        ("solution.py", $"# Sum of integers, by {author} <{email}>\nimport sys\n\n\ndef total(text):\n    \"\"\"Adds every whitespace-separated integer.\"\"\"\n    return sum(int(x) for x in text.split())\n\n\nif __name__ == \"__main__\":\n    print(total(sys.stdin.read()))  # one pass\n"),
        ("report.md", $"# Report\n\nWritten by {author} ({email}).\n\n## Approach\n\nOne pass over the input with Python's arbitrary-precision integers.\n\n| Input | Time |\n|---|---|\n| 10^6 numbers | 0.4 s |\n\n```python\nprint(sum(map(int, data.split())))\n```\n"),
        ($"notes/{author.ToLowerInvariant().Replace(' ', '-')}-notes.txt", "tried reading line by line first\n"));
}

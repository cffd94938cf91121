using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Intern.Grading.Results;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Rounds;
using Intern.Server.Submissions;
using Intern.Server.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Submissions;

/// <summary>
/// An applicant's list of submissions: it costs the database the same few commands for twenty submissions as for one,
/// and shows each submission exactly as the submission's own status does (progress, errors kept from applicants,
/// hidden tests by the rounds that released them).
/// </summary>
public abstract class SubmissionListingTests<TDatabases>(TDatabases databases) : SeededApplicationTests<TDatabases>(databases, RequestCommands.For("/api/submissions"))
    where TDatabases : TestDatabases
{
    private const string Worker = "test-worker";
    private static readonly Uri Listing = new("/api/submissions/", UriKind.Relative);

    [Fact]
    public async Task ListingTwentySubmissionsTakesNoMoreDatabaseCommandsThanListingOne()
    {
        using var applicant = App.As("applicant-a");
        var released = await ReleasedRoundAsync();
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        await AddAsync(start, 0, App.RoundId);
        // The first request signs the token in and warms what the server keeps in memory; only the next ones count.
        (await applicant.GetAsync(Listing)).EnsureSuccessStatusCode();
        var one = await CommandsAsync(applicant, expected: 1);

        for (var i = 1; i < 20; i++)
            await AddAsync(start.AddMinutes(i), i, i % 5 == 4 ? released : App.RoundId);
        var twenty = await CommandsAsync(applicant, expected: 20);

        Assert.True(one > 0 && one == twenty, $"Listing 1 submission ran {one} SQL command(s), listing 20 ran {twenty}.");
    }

    [Fact]
    public async Task EachListedSubmissionReadsAsItsOwnStatusAndPagesFollowTheCursor()
    {
        using var applicant = App.As("applicant-a");
        var released = await ReleasedRoundAsync();
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        var added = new List<Guid>();
        for (var i = 0; i < 10; i++)
            added.Add(await AddAsync(start.AddMinutes(i), i, i % 5 == 4 ? released : App.RoundId));

        var all = await applicant.GetFromJsonAsync<JsonElement>(Listing);
        var items = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Reverse(added), items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("next").ValueKind);
        foreach (var item in items)
        {
            var own = await applicant.GetFromJsonAsync<JsonElement>($"/api/submissions/{item.GetProperty("id").GetGuid()}");
            Assert.Equal(own.GetRawText(), item.GetRawText());
        }
        // Newest first: 9 graded (released round), 8 failed, 7 grading, 6 queued, 5 graded (open round).
        Assert.Equal(["graded", "platform_error", "grading", "queued", "graded"], items.Take(5).Select(i => i.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("error").ValueKind);
        Assert.Equal(("building", 3, 7), (items[2].GetProperty("phase").GetString(), items[2].GetProperty("done").GetInt32(), items[2].GetProperty("total").GetInt32()));
        // The closed round released its hidden tests; the open one shows them only as a count.
        Assert.Equal((2, JsonValueKind.Null), (items[0].GetProperty("result").GetProperty("tests").GetArrayLength(), items[0].GetProperty("result").GetProperty("hidden").ValueKind));
        Assert.Equal((1, 1), (items[4].GetProperty("result").GetProperty("tests").GetArrayLength(), items[4].GetProperty("result").GetProperty("hidden").GetProperty("count").GetInt32()));

        var first = await applicant.GetFromJsonAsync<JsonElement>("/api/submissions/?limit=4");
        var cursor = first.GetProperty("next").GetDateTimeOffset();
        Assert.Equal(items[3].GetProperty("createdAt").GetDateTimeOffset(), cursor);
        var second = await applicant.GetFromJsonAsync<JsonElement>($"/api/submissions/?limit=4&before={Uri.EscapeDataString(cursor.ToString("O", CultureInfo.InvariantCulture))}");
        Assert.Equal(items.Skip(4).Take(4).Select(i => i.GetRawText()), second.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()));
    }

    /// <summary>Lists the applicant's submissions, checks that all <paramref name="expected"/> are there, and returns the SQL commands that took.</summary>
    private async Task<int> CommandsAsync(HttpClient applicant, int expected)
    {
        var (response, commands) = await App.Services.GetRequiredService<RequestCommands>().CountAsync(() => applicant.GetAsync(Listing));
        var page = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected, page.GetProperty("items").GetArrayLength());
        return commands;
    }

    /// <summary>A round of applicant-a's that is over and has released its hidden tests, offering a task the open round does not.</summary>
    private async Task<Guid> ReleasedRoundAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var now = TimeProvider.System.GetUtcNow();
        var round = HiringRound.Open("Last spring", now.AddDays(-3), 5, ["served"], now.AddDays(-30));
        round.ReleaseHiddenResults(now.AddDays(-2));
        db.HiringRounds.Add(round);
        db.RoundMembers.Add(RoundMember.Enrol(round.Id, await ApplicantAsync(db), now.AddDays(-30)));
        await db.SaveChangesAsync();
        return round.Id;
    }

    /// <summary>
    /// One of applicant-a's submissions, in the state <paramref name="n"/> picks: graded (one visible test and one hidden),
    /// waiting in the queue, grading, or failed on the platform's side.
    /// </summary>
    private async Task<Guid> AddAsync(DateTimeOffset at, int n, Guid round)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var blob = Blob.Create([.. "print(1)"u8, (byte)n], at);
        var task = round == App.RoundId ? "sum" : "served";
        var submission = Submission.Create(await ApplicantAsync(db), round, task, 1, blob, $"solution-{n}.zip", at);
        var job = GradingJob.Enqueue(submission.Id, at, maxAttempts: 1);
        db.AddRange(blob, submission, job);
        if (n % 5 is not 1)
            job.Claim(Worker, at, TimeSpan.FromHours(2));
        if (n % 5 is 2)
            job.ReportProgress(Worker, "building", 3, 7);
        if (n % 5 is 3)
            job.FailAttempt(Worker, at, "The Docker engine did not answer.");
        await db.SaveChangesAsync();
        if (n % 5 is 0 or 4)
        {
            job.Succeed(Worker, at);
            var record = GradingRecord.Create(submission.Id, job.Id, 1, new GradingResult
            {
                Score = 1,
                MaxScore = 2,
                Tests =
                [
                    new TestResult { Name = "public/1", Group = "public", Visibility = "visible", Verdict = TestVerdict.AC, Score = 1, MaxScore = 1 },
                    new TestResult { Name = "hidden/1", Group = "hidden", Visibility = "after_due_date", Verdict = TestVerdict.AC, Score = 1, MaxScore = 1 },
                ],
            }, at);
            db.GradingRecords.Add(record);
            submission.MakeCurrent(record);
            await db.SaveChangesAsync();
        }
        return submission.Id;
    }

    private static Task<Guid> ApplicantAsync(InternDb db) =>
        db.Users.Where(u => u.UserName == "applicant-a@example.test").Select(u => u.Id).SingleAsync();
}

public sealed class SubmissionListingOnSqliteTests(SqliteDatabases databases) : SubmissionListingTests<SqliteDatabases>(databases);

public sealed class SubmissionListingOnPostgresTests(PostgresDatabases databases) : SubmissionListingTests<PostgresDatabases>(databases);

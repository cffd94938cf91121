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

namespace Intern.Server.Tests.Rounds;

/// <summary>
/// The list of rounds, for staff and for an applicant: it costs the database the same commands for fifteen rounds as
/// for one, and shows each round exactly as the round's own endpoint does for the same caller.
/// </summary>
public abstract class RoundListingTests<TDatabases>(TDatabases databases) : SeededApplicationTests<TDatabases>(databases, RequestCommands.For("/api/rounds"))
    where TDatabases : TestDatabases
{
    private const string Worker = "test-worker";
    private static readonly Uri Listing = new("/api/rounds/", UriKind.Relative);
    private static readonly string[] SumOnly = ["sum"];
    private static readonly string[] SumAndWords = ["sum", "wordfreq"];

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task ListingFifteenRoundsTakesNoMoreDatabaseCommandsThanListingOne()
    {
        using var admin = App.As("admin");
        using var applicant = App.As("applicant-a");
        await SubmitAsync(App.RoundId, "sum", Now.AddMinutes(-30), 0);
        // The first request signs the token in and warms what the server keeps in memory; only the next ones count.
        (await admin.GetAsync(Listing)).EnsureSuccessStatusCode();
        (await applicant.GetAsync(Listing)).EnsureSuccessStatusCode();
        var staffOne = await CommandsAsync(admin, expected: 1);
        var applicantOne = await CommandsAsync(applicant, expected: 1);

        for (var i = 1; i < 15; i++)
        {
            var round = await RoundAsync($"Round {i}", Now.AddDays(i % 3 == 0 ? -2 : 5 + i), SumAndWords, released: i % 3 == 0, "applicant-a");
            await SubmitAsync(round, "sum", Now.AddMinutes(-20 + i), i);
            await SubmitAsync(round, i % 2 == 0 ? "sum" : "wordfreq", Now.AddMinutes(-10 + i), i + 1);
        }
        var staffFifteen = await CommandsAsync(admin, expected: 15);
        var applicantFifteen = await CommandsAsync(applicant, expected: 15);

        Assert.True(staffOne > 0 && staffOne == staffFifteen && applicantOne > 0 && applicantOne == applicantFifteen,
            $"Listing 1 round ran {staffOne} SQL command(s) for staff and {applicantOne} for an applicant; listing 15 ran {staffFifteen} and {applicantFifteen}.");
    }

    [Fact]
    public async Task EachListedRoundReadsAsTheRoundItselfForStaffAndApplicants()
    {
        var busy = await RoundAsync("Busy", Now.AddDays(4), SumAndWords, released: false, "applicant-a", "applicant-b");
        var over = await RoundAsync("Over", Now.AddDays(-3), SumOnly, released: true, "applicant-a");
        await RoundAsync("Nobody's", Now.AddDays(9), SumOnly, released: false);
        // In Busy applicant-a spent all three uploads of sum (graded, then failed, then grading) and none of wordfreq.
        await SubmitAsync(busy, "sum", Now.AddMinutes(-30), 0);
        await SubmitAsync(busy, "sum", Now.AddMinutes(-20), 3);
        await SubmitAsync(busy, "sum", Now.AddMinutes(-10), 2);
        await SubmitAsync(busy, "sum", Now.AddMinutes(-5), 1, "applicant-b");
        await SubmitAsync(over, "sum", Now.AddDays(-4), 0);
        await SubmitAsync(App.RoundId, "concat", Now.AddMinutes(-1), 1);

        foreach (var (who, count) in new[] { ("admin", 4), ("reviewer", 4), ("applicant-a", 3), ("applicant-b", 2) })
        {
            using var client = App.As(who);
            var listed = (await client.GetFromJsonAsync<JsonElement>(Listing)).EnumerateArray().ToList();
            Assert.Equal(count, listed.Count);
            foreach (var item in listed)
            {
                var own = await client.GetFromJsonAsync<JsonElement>($"/api/rounds/{item.GetProperty("id").GetGuid()}");
                Assert.Equal(own.GetRawText(), item.GetRawText());
            }
        }

        using var admin = App.As("admin");
        var staffBusy = (await admin.GetFromJsonAsync<JsonElement>(Listing)).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == busy);
        Assert.Equal((2, 3), (staffBusy.GetProperty("members").GetInt32(), staffBusy.GetProperty("reviewersPerSubmission").GetInt32()));
        Assert.Equal(0, staffBusy.GetProperty("tasks")[0].GetProperty("used").GetInt32());
        using var applicant = App.As("applicant-a");
        var mine = (await applicant.GetFromJsonAsync<JsonElement>(Listing)).EnumerateArray().ToList();
        // Latest deadline first: the seeded round closes in a week.
        Assert.Equal([App.RoundId, busy, over], mine.Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (mine[1].GetProperty("members").ValueKind, mine[1].GetProperty("reviewersPerSubmission").ValueKind));
        var (sum, words) = (mine[1].GetProperty("tasks")[0], mine[1].GetProperty("tasks")[1]);
        Assert.Equal((3, 0, "grading"), (sum.GetProperty("used").GetInt32(), sum.GetProperty("left").GetInt32(), sum.GetProperty("latestStatus").GetString()));
        Assert.Equal((0, 3, JsonValueKind.Null), (words.GetProperty("used").GetInt32(), words.GetProperty("left").GetInt32(), words.GetProperty("latest").ValueKind));
        Assert.Equal("queued", mine[0].GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "concat").GetProperty("latestStatus").GetString());
        Assert.Equal(("graded", false), (mine[2].GetProperty("tasks")[0].GetProperty("latestStatus").GetString(), mine[2].GetProperty("open").GetBoolean()));
    }

    /// <summary>Lists rounds as <paramref name="client"/>, checks that all <paramref name="expected"/> are there, and returns the SQL commands that took.</summary>
    private async Task<int> CommandsAsync(HttpClient client, int expected)
    {
        var (response, commands) = await App.Services.GetRequiredService<RequestCommands>().CountAsync(() => client.GetAsync(Listing));
        var rounds = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected, rounds.GetArrayLength());
        return commands;
    }

    /// <summary>
    /// A round of three uploads per task, three reviewers per submission, with the <paramref name="members"/> named enrolled;
    /// a round whose deadline has passed may have <paramref name="released"/> its hidden results.
    /// </summary>
    private async Task<Guid> RoundAsync(string name, DateTimeOffset deadline, string[] tasks, bool released, params string[] members)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var round = HiringRound.Open(name, deadline, 3, tasks, Now.AddDays(-30), blindReview: name.Length % 2 == 0);
        round.AskForReviewers(3);
        if (released)
            round.ReleaseHiddenResults(Now);
        db.HiringRounds.Add(round);
        foreach (var member in members)
            db.RoundMembers.Add(RoundMember.Enrol(round.Id, await UserAsync(db, member), Now.AddDays(-30)));
        await db.SaveChangesAsync();
        return round.Id;
    }

    /// <summary>
    /// An upload of <paramref name="who"/>'s to the round, in the state <paramref name="n"/> picks: graded, waiting in the
    /// queue, grading, or failed on the platform's side.
    /// </summary>
    private async Task SubmitAsync(Guid round, string task, DateTimeOffset at, int n, string who = "applicant-a")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var blob = Blob.Create([.. Guid.NewGuid().ToByteArray(), (byte)n], at);
        var submission = Submission.Create(await UserAsync(db, who), round, task, 1, blob, "solution.zip", at);
        var job = GradingJob.Enqueue(submission.Id, at, maxAttempts: 1);
        db.AddRange(blob, submission, job);
        if (n % 4 is not 1)
            job.Claim(Worker, at, TimeSpan.FromHours(2));
        if (n % 4 is 3)
            job.FailAttempt(Worker, at, "The Docker engine did not answer.");
        await db.SaveChangesAsync();
        if (n % 4 is not 0)
            return;
        job.Succeed(Worker, at);
        var record = GradingRecord.Create(submission.Id, job.Id, 1, new GradingResult { Score = 1, MaxScore = 1 }, at);
        db.GradingRecords.Add(record);
        submission.MakeCurrent(record);
        await db.SaveChangesAsync();
    }

    private static Task<Guid> UserAsync(InternDb db, string name) =>
        db.Users.Where(u => u.UserName == $"{name}@example.test").Select(u => u.Id).SingleAsync();
}

public sealed class RoundListingOnSqliteTests(SqliteDatabases databases) : RoundListingTests<SqliteDatabases>(databases);

public sealed class RoundListingOnPostgresTests(PostgresDatabases databases) : RoundListingTests<PostgresDatabases>(databases);

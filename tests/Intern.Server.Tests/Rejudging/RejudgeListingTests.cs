using System.Net.Http.Json;
using System.Text.Json;
using Intern.Grading.Results;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Rejudging;
using Intern.Server.Rounds;
using Intern.Server.Submissions;
using Intern.Server.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Rejudging;

/// <summary>
/// The admins' list of rejudges: it costs the database the same commands for fifteen rejudges as for one, and shows each
/// rejudge exactly as its own endpoint does, whether it is still a preview, applied (compared with the results it
/// replaced) or discarded.
/// </summary>
public abstract class RejudgeListingTests<TDatabases>(TDatabases databases) : SeededApplicationTests<TDatabases>(databases, RequestCommands.For("/api/admin/rejudges"))
    where TDatabases : TestDatabases
{
    private const string Worker = "test-worker";
    private static readonly Uri Listing = new("/api/admin/rejudges/", UriKind.Relative);
    private static readonly string[] Sum = ["sum"];
    private static readonly string[] Applicants = ["applicant-a", "applicant-b"];

    [Fact]
    public async Task ListingFifteenRejudgesTakesNoMoreDatabaseCommandsThanListingOne()
    {
        using var admin = App.As("admin");
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        await RejudgeAsync(start, 0);
        // The first request signs the token in and warms what the server keeps in memory; only the next ones count.
        (await admin.GetAsync(Listing)).EnsureSuccessStatusCode();
        var one = await CommandsAsync(admin, expected: 1);

        for (var n = 1; n < 15; n++)
            await RejudgeAsync(start.AddMinutes(n), n);
        var fifteen = await CommandsAsync(admin, expected: 15);

        Assert.True(one > 0 && one == fifteen, $"Listing 1 rejudge ran {one} SQL command(s), listing 15 ran {fifteen}.");
    }

    [Fact]
    public async Task EachListedRejudgeReadsAsItsOwnView()
    {
        using var admin = App.As("admin");
        var start = TimeProvider.System.GetUtcNow().AddHours(-1);
        var added = new List<Guid>();
        for (var n = 0; n < 6; n++)
            added.Add(await RejudgeAsync(start.AddMinutes(n), n));

        var listed = (await admin.GetFromJsonAsync<JsonElement>(Listing)).EnumerateArray().ToList();
        Assert.Equal(Enumerable.Reverse(added), listed.Select(r => r.GetProperty("id").GetGuid()));
        foreach (var item in listed)
        {
            var own = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/rejudges/{item.GetProperty("id").GetGuid()}");
            Assert.Equal(own.GetRawText(), item.GetRawText());
        }
        // Newest first: 5 discarded, 4 applied, 3 previewing, 2 discarded, 1 applied, 0 previewing.
        Assert.Equal(["discarded", "applied", "previewing"], listed.Take(3).Select(r => r.GetProperty("state").GetString()));
        var previewing = listed[2];
        Assert.Equal((2, 1, 1, false), (previewing.GetProperty("total").GetInt32(), previewing.GetProperty("pending").GetInt32(),
            previewing.GetProperty("changed").GetInt32(), previewing.GetProperty("ready").GetBoolean()));
        // Applied, a preview compares with the result it replaced, not with itself (current now).
        var changed = listed[1].GetProperty("items")[0];
        Assert.Equal((true, 3.0, 2.0), (changed.GetProperty("changed").GetBoolean(), changed.GetProperty("before").GetDouble(), changed.GetProperty("after").GetDouble()));
        Assert.Equal(("failed", "The Docker engine did not answer."), (listed[1].GetProperty("items")[1].GetProperty("state").GetString(),
            listed[1].GetProperty("items")[1].GetProperty("error").GetString()));
        // Discarded, b's drop comes before a's unchanged score.
        Assert.Equal(["applicant-b", "applicant-a"], listed[0].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("applicant").GetString()));
    }

    /// <summary>Lists the rejudges, checks that all <paramref name="expected"/> are there, and returns the SQL commands that took.</summary>
    private async Task<int> CommandsAsync(HttpClient admin, int expected)
    {
        var (response, commands) = await App.Services.GetRequiredService<RequestCommands>().CountAsync(() => admin.GetAsync(Listing));
        var rejudges = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected, rejudges.GetArrayLength());
        return commands;
    }

    /// <summary>
    /// A rejudge of sum in a round of its own, over one graded submission (3 of 3) of each applicant. <paramref name="n"/> picks
    /// what became of it: still previewing (applicant-a's preview drops to 1 of 3, applicant-b's waits), applied (a's
    /// drops to 2, b's failed) or discarded (a's stays at 3, b's drops to 1).
    /// </summary>
    private async Task<Guid> RejudgeAsync(DateTimeOffset at, int n)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var round = HiringRound.Open($"Round {n}", at.AddDays(-1), 5, Sum, at.AddDays(-30));
        var rejudge = Rejudge.Start(round.Id, "sum", 2, await UserAsync(db, "admin"), at);
        db.AddRange(round, rejudge);
        var kind = n % 3;
        var previews = new List<(Submission Submission, GradingRecord Preview)>();
        foreach (var name in Applicants)
        {
            var submission = await GradedAsync(db, round.Id, await UserAsync(db, name), at.AddDays(-2));
            var job = GradingJob.EnqueuePreview(submission.Id, rejudge.Id, 2, at, maxAttempts: 1);
            db.GradingJobs.Add(job);
            int? passed = (kind, name) switch
            {
                (0, "applicant-a") => 1,
                (1, "applicant-a") => 2,
                (2, "applicant-a") => 3,
                (2, _) => 1,
                _ => null,
            };
            if (kind is 0 && passed is null)
                continue;
            job.Claim(Worker, at, TimeSpan.FromHours(1));
            if (passed is not { } p)
            {
                job.FailAttempt(Worker, at, "The Docker engine did not answer.");
                continue;
            }
            job.Succeed(Worker, at);
            var preview = GradingRecord.Create(submission.Id, job.Id, 1, Result(p), at, rejudge.Id);
            db.GradingRecords.Add(preview);
            previews.Add((submission, preview));
        }
        await db.SaveChangesAsync();
        if (kind is 1)
        {
            foreach (var (submission, preview) in previews)
                submission.Rejudged(preview, rejudge.TaskVersion);
            rejudge.Apply(rejudge.StartedBy, at.AddMinutes(1), previews.Count);
        }
        if (kind is 2)
            rejudge.Discard(rejudge.StartedBy, at.AddMinutes(1));
        await db.SaveChangesAsync();
        return rejudge.Id;
    }

    /// <summary>An upload graded 3 of 3, its result current.</summary>
    private static async Task<Submission> GradedAsync(InternDb db, Guid round, Guid applicant, DateTimeOffset at)
    {
        var blob = Blob.Create(Guid.NewGuid().ToByteArray(), at);
        var submission = Submission.Create(applicant, round, "sum", 1, blob, "solution.zip", at);
        var job = GradingJob.Enqueue(submission.Id, at, maxAttempts: 1);
        job.Claim(Worker, at, TimeSpan.FromHours(1));
        job.Succeed(Worker, at);
        db.AddRange(blob, submission, job);
        await db.SaveChangesAsync();
        var record = GradingRecord.Create(submission.Id, job.Id, 1, Result(3), at);
        db.GradingRecords.Add(record);
        submission.MakeCurrent(record);
        await db.SaveChangesAsync();
        return submission;
    }

    /// <summary>Three hidden tests, the first <paramref name="passed"/> accepted.</summary>
    private static GradingResult Result(int passed) => new()
    {
        Score = passed,
        MaxScore = 3,
        Tests = [.. Enumerable.Range(1, 3).Select(i => new TestResult
        {
            Name = $"hidden/{i}",
            Group = "hidden",
            Visibility = "visible",
            Verdict = i <= passed ? TestVerdict.AC : TestVerdict.WA,
            Score = i <= passed ? 1 : 0,
            MaxScore = 1,
        })],
    };

    private static Task<Guid> UserAsync(InternDb db, string name) =>
        db.Users.Where(u => u.UserName == $"{name}@example.test").Select(u => u.Id).SingleAsync();
}

public sealed class RejudgeListingOnSqliteTests(SqliteDatabases databases) : RejudgeListingTests<SqliteDatabases>(databases);

public sealed class RejudgeListingOnPostgresTests(PostgresDatabases databases) : RejudgeListingTests<PostgresDatabases>(databases);

using System.Net;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Rounds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Reviews;

/// <summary>The task's late penalty, taken off the final score of an upload after the round's deadline.</summary>
public abstract partial class ReviewsApiTests
{
    [Fact]
    public async Task AnUploadAfterTheDeadlineLosesTheTasksPenaltyInTheTableTheCsvAndTheSheet()
    {
        Guid round, submission;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            // wordfreq takes 10 % per day or part of a day; this upload came 30 hours after the deadline: 20 % off.
            var db = scope.ServiceProvider.GetRequiredService<InternDb>();
            var now = TimeProvider.System.GetUtcNow();
            var deadline = now.AddDays(-3);
            var hiring = HiringRound.Open("Late round", deadline, 3, ["wordfreq"], now.AddDays(-7));
            var applicant = await db.Users.Where(u => u.UserName == "applicant-b@example.test").Select(u => u.Id).SingleAsync();
            var blob = Intern.Server.Submissions.Blob.Create(Guid.NewGuid().ToByteArray(), now);
            var late = Intern.Server.Submissions.Submission.Create(applicant, hiring.Id, "wordfreq", 1, blob, "late.zip", deadline.AddHours(30));
            db.AddRange(hiring, blob, late);
            db.GradingJobs.Add(GradingJob.Enqueue(late.Id, now, 3));
            await db.SaveChangesAsync();
            (round, submission) = (hiring.Id, late.Id);
        }
        await GradeAsync();

        using var admin = _app.As("admin");
        var row = (await ReadAsync(await admin.GetAsync(new Uri($"/api/reviews/rounds/{round}/wordfreq", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("rows")[0];
        // Auto only (wordfreq weighs no review): 75 % less 20 % of it.
        Assert.Equal((75, 60, 20), (row.GetProperty("auto").GetDouble(), row.GetProperty("final").GetDouble(), row.GetProperty("latePenalty").GetDouble()));
        var csv = await admin.GetStringAsync(new Uri($"/api/reviews/rounds/{round}/wordfreq/applicants.csv", UriKind.Relative));
        Assert.EndsWith(",Late penalty", csv.Split("\r\n")[0], StringComparison.Ordinal);
        Assert.EndsWith(",20", csv.Split("\r\n")[1], StringComparison.Ordinal);
        var sheet = await ReadAsync(await admin.GetAsync(new Uri($"/api/reviews/{submission}", UriKind.Relative)), HttpStatusCode.OK);
        Assert.Equal((60, 20), (sheet.GetProperty("finalPercent").GetDouble(), sheet.GetProperty("latePenalty").GetDouble()));
    }
}

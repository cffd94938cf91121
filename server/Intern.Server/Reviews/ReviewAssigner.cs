using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Tasks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Reviews;

/// <summary>
/// Gives submissions their reviewers: on an admin's request for one task of a round, and by itself once a round is closed
/// (deadline plus its tasks' longest grace), when every applicant's latest submission is final.
/// </summary>
public sealed partial class ReviewAssigner(IServiceScopeFactory scopes, ReviewOptions options, TimeProvider time, ILogger<ReviewAssigner> log) : BackgroundService
{
    public sealed record Outcome(int Assignments, int Submissions, int Reviewers);

    /// <summary>Tops up every latest submission of the round's task to <paramref name="perSubmission"/> reviewers, least-loaded reviewers first.</summary>
    public static async Task<Outcome> AssignAsync(InternDb db, UserManager<AppUser> users, Guid round, string task, int perSubmission, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(users);
        var submissions = await db.Submissions.Where(s => s.RoundId == round && s.TaskSlug == task).Select(s => new { s.Id, s.ApplicantId, s.CreatedAt }).ToListAsync(ct);
        var latest = submissions.GroupBy(s => s.ApplicantId).Select(g => g.MaxBy(s => s.CreatedAt)!.Id).ToList();
        var reviewers = (await users.GetUsersInRoleAsync(AccountRegistration.Reviewer)).Select(u => u.Id).ToList();
        var existing = await db.Reviews.Where(r => latest.Contains(r.SubmissionId)).Select(r => new { r.SubmissionId, r.ReviewerId }).ToListAsync(ct);
        var load = await db.Reviews.Where(r => reviewers.Contains(r.ReviewerId) && r.State != ReviewState.Submitted)
            .GroupBy(r => r.ReviewerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var needs = latest.Select(id => new ReviewPlan.Need(id, [.. existing.Where(e => e.SubmissionId == id).Select(e => e.ReviewerId)])).ToList();
        var plan = ReviewPlan.Assign(needs, reviewers.ToDictionary(r => r, r => load.GetValueOrDefault(r)), perSubmission);
        foreach (var (submission, reviewer) in plan)
            db.Reviews.Add(Review.Assign(submission, reviewer, null, now));
        await db.SaveChangesAsync(ct);
        return new Outcome(plan.Count, latest.Count, reviewers.Count);
    }

    /// <summary>One pass over the closed rounds of the last <see cref="ReviewOptions.AutoAssignWithin"/>; returns the new assignments.</summary>
    public async Task<int> AssignClosedRoundsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var catalog = scope.ServiceProvider.GetRequiredService<TaskCatalog>();
        var now = time.GetUtcNow();
        var since = now - options.AutoAssignWithin;
        var rounds = await db.HiringRounds.AsNoTracking().Where(r => r.Deadline < now && r.Deadline > since).ToListAsync(ct);
        var assigned = 0;
        foreach (var round in rounds)
        {
            var grace = round.TaskSlugs.Select(t => catalog.Find(t)?.Deadline.Grace ?? TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();
            if (round.AcceptsSubmissions(now - grace))
                continue;
            foreach (var task in round.TaskSlugs)
                assigned += (await AssignAsync(db, users, round.Id, task, round.ReviewersPerSubmission ?? options.ReviewersPerSubmission, now, ct)).Assignments;
        }
        return assigned;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.AutoAssign)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.AutoAssignPoll, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stoppingToken.IsCancellationRequested)
                break;
            try
            {
                if (await AssignClosedRoundsAsync(stoppingToken) is > 0 and var count)
                    LogAssigned(count);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or TimeoutException)
            {
                // The database is away or two servers assigned at once (the unique index refuses the second): the next pass tops up.
                LogAssignFailed(e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Assigned {Count} review(s) in closed rounds")]
    private partial void LogAssigned(int count);

    [LoggerMessage(LogLevel.Warning, "Assigning reviewers failed; trying again at the next pass: {Message}")]
    private partial void LogAssignFailed(string message);
}

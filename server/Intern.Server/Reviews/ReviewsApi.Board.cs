using System.Security.Claims;
using Intern.Grading.Results;
using Intern.Grading.Tasks;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Rounds;
using Intern.Server.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Reviews;

public static partial class ReviewsApi
{
    /// <summary>The applicants of one task of a round; <c>Final</c> and <c>Auto</c> are histograms over tenths of 0-100 %.</summary>
    public sealed record ApplicantsTable(Guid RoundId, string Round, bool Blind, string Task, string TaskTitle, ScoringWeights Weights,
        double DisagreementThreshold, IReadOnlyList<ApplicantRow> Rows, IReadOnlyList<int> Final, IReadOnlyList<int> Auto,
        IReadOnlyList<Leaderboard> Leaderboards)
    {
        /// <summary>How many reviewers each submission gets when assigned at once: the round's own number, else the server's.</summary>
        public int ReviewersPerSubmission { get; init; }
    }

    /// <summary>One leaderboard of the task's results (matmul's GFLOP/s, say), best first as its order says.</summary>
    public sealed record Leaderboard(string Name, string Order, IReadOnlyList<LeaderboardPlace> Places);

    public sealed record LeaderboardPlace(Guid Submission, string Applicant, double Value);

    public sealed record AssignRequest(Guid Submission, Guid Reviewer);

    public sealed record AutoAssignRequest(int? ReviewersPerSubmission);

    public sealed record Assigned(int Assignments, int Submissions, int Reviewers);

    public sealed record DecisionRequest(string? Outcome, string? Note);

    internal static async Task<Results<Ok<ApplicantsTable>, NotFound>> TableAsync(Guid round, string task, string? sort, bool? desc, string? q, string? status,
        InternDb db, TaskCatalog catalog, ReviewOptions options, CancellationToken ct)
    {
        var table = await LoadTableAsync(db, catalog, options, round, task, ct);
        if (table is null)
            return TypedResults.NotFound();
        var rows = ApplicantTable.Arrange(table.Rows, sort, desc ?? (sort is null or "final" or "auto" or "review"), q, status);
        return TypedResults.Ok(table with { Rows = rows });
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> CsvAsync(Guid round, string task, string? sort, bool? desc, string? q, string? status,
        InternDb db, TaskCatalog catalog, ReviewOptions options, CancellationToken ct)
    {
        var table = await LoadTableAsync(db, catalog, options, round, task, ct);
        if (table is null)
            return TypedResults.NotFound();
        var rows = ApplicantTable.Arrange(table.Rows, sort, desc ?? (sort is null or "final" or "auto" or "review"), q, status);
        var bytes = System.Text.Encoding.UTF8.GetBytes(ApplicantTable.Csv(rows));
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"{task}-applicants.csv");
    }

    internal static async Task<ApplicantsTable?> LoadTableAsync(InternDb db, TaskCatalog catalog, ReviewOptions options, Guid roundId, string task, CancellationToken ct)
    {
        var round = await db.HiringRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null || !round.Offers(task))
            return null;
        var definition = catalog.Find(task);
        var weights = definition?.Scoring ?? new ScoringWeights();
        var submissions = await db.Submissions.AsNoTracking().Where(s => s.RoundId == roundId && s.TaskSlug == task)
            .Select(s => new { s.Id, s.ApplicantId, s.CreatedAt }).ToListAsync(ct);
        var latest = submissions.GroupBy(s => s.ApplicantId).Select(g => (Latest: g.MaxBy(s => s.CreatedAt)!, Count: g.Count())).ToList();
        var ids = latest.Select(l => l.Latest.Id).ToList();
        var applicantIds = latest.Select(l => l.Latest.ApplicantId).ToList();
        var people = await db.Users.Where(u => applicantIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.DisplayName, u.Email }, ct);
        // Split: a review owns its scores and its line comments, which one joined query would multiply.
        var reviews = await db.Reviews.AsNoTracking().AsSplitQuery().Where(r => ids.Contains(r.SubmissionId)).ToListAsync(ct);
        var names = await ReviewerNamesAsync(db, reviews.Select(r => r.ReviewerId), ct);
        var grading = await GradingAsync(db, ids, ct);
        var decisions = await db.ApplicantDecisions.AsNoTracking().Where(d => d.RoundId == roundId && d.TaskSlug == task).ToDictionaryAsync(d => d.ApplicantId, ct);
        var rows = latest.Select(l =>
        {
            var (s, count) = l;
            var mine = reviews.Where(r => r.SubmissionId == s.Id).OrderBy(r => r.AssignedAt).ToList();
            var totals = mine.Where(r => r.State == ReviewState.Submitted && r.Total is not null).Select(r => (r.Total!.Value, r.MaxPoints ?? 0)).ToList();
            var (gradingStatus, auto) = grading[s.Id];
            var review = ReviewScoring.ReviewPercent(totals);
            var decision = decisions.GetValueOrDefault(s.ApplicantId);
            var person = people.GetValueOrDefault(s.ApplicantId);
            var late = ReviewScoring.LatePenaltyPercent(s.CreatedAt, round.Deadline, definition?.Deadline.LatePenaltyPercentPerDay ?? 0);
            return new ApplicantRow(s.ApplicantId, person?.DisplayName ?? person?.Email ?? "applicant", person?.Email ?? "", Blinding.Pseudonym(roundId, s.ApplicantId, task),
                s.Id, s.CreatedAt, count, gradingStatus, auto, review, ReviewScoring.Final(auto, review, weights, late),
                ReviewPlan.Status(gradingStatus, mine.Count, totals.Count, decision?.Outcome), totals.Count, mine.Count,
                ReviewScoring.Disagree(totals, options.DisagreementThreshold),
                [.. mine.Select(r => new ReviewerProgress(r.ReviewerId, names[r.ReviewerId], r.State.ToString().ToLowerInvariant(),
                    r.State == ReviewState.Submitted && r.MaxPoints is > 0 ? Math.Round(100 * r.Total!.Value / r.MaxPoints.Value, 2) : null))],
                decision?.Outcome.ToString().ToLowerInvariant(), decision?.Note) { LatePenalty = late };
        }).ToList();
        return new ApplicantsTable(round.Id, round.Name, round.BlindReview, task, definition?.Title ?? task, weights, options.DisagreementThreshold, rows,
            ApplicantTable.Histogram(rows.Select(r => r.Final)), ApplicantTable.Histogram(rows.Select(r => r.Auto)),
            await LeaderboardsAsync(db, rows.ToDictionary(r => r.Submission, r => r.Applicant), ct))
        {
            ReviewersPerSubmission = round.ReviewersPerSubmission ?? options.ReviewersPerSubmission,
        };
    }

    /// <summary>
    /// Another request wrote the same rows at the same moment: a unique index refused this one, or PostgreSQL chose it as
    /// a deadlock's victim (which Npgsql's execution strategy reports wrapped, as a transient failure, not an outage).
    /// </summary>
    internal static bool Raced(Exception e) => e is DbUpdateException || e is InvalidOperationException { InnerException: DbUpdateException };

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Conflicted(string detail) =>
        new() { Title = "Changed meanwhile", Detail = detail, Status = StatusCodes.Status409Conflict };

    /// <summary>The leaderboards of the current results of <paramref name="applicants"/>' submissions (submission to applicant's name).</summary>
    private static async Task<IReadOnlyList<Leaderboard>> LeaderboardsAsync(InternDb db, Dictionary<Guid, string> applicants, CancellationToken ct)
    {
        var ids = applicants.Keys.ToList();
        var results = await db.Submissions.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Join(db.GradingRecords, s => s.CurrentResultId, r => r.Id, (s, r) => new { s.Id, r.Json })
            .ToListAsync(ct);
        var entries = results.SelectMany(r => ResultJson.Deserialize(r.Json).Leaderboard.Select(e => (r.Id, Entry: e))).ToList();
        return [.. entries.GroupBy(e => e.Entry.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var order = g.First().Entry.Order == "asc" ? "asc" : "desc";
            var places = g.Select(e => new LeaderboardPlace(e.Id, applicants[e.Id], e.Entry.Value));
            return new Leaderboard(g.Key, order, [.. order == "asc" ? places.OrderBy(p => p.Value) : places.OrderByDescending(p => p.Value)]);
        })];
    }

    internal static async Task<Results<Created<Assigned>, NotFound, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> AssignAsync(AssignRequest request,
        ClaimsPrincipal principal, InternDb db, UserManager<AppUser> users, TimeProvider time, CancellationToken ct)
    {
        if (request.Submission == Guid.Empty || !await db.Submissions.AnyAsync(s => s.Id == request.Submission, ct))
            return TypedResults.NotFound();
        var reviewer = await users.FindByIdAsync(request.Reviewer.ToString());
        if (reviewer is null || !(await users.IsInRoleAsync(reviewer, AccountRegistration.Reviewer) || await users.IsInRoleAsync(reviewer, AccountRegistration.Admin)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reviewer"] = ["Name a reviewer's or an admin's account id."] });
        if (await db.Reviews.AnyAsync(r => r.SubmissionId == request.Submission && r.ReviewerId == request.Reviewer, ct))
            return TypedResults.Conflict(new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = "Already assigned", Detail = "This reviewer already has this submission.", Status = 409 });
        db.Reviews.Add(Review.Assign(request.Submission, request.Reviewer, Caller(principal), time.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Raced(e))
        {
            return TypedResults.Conflict(new Microsoft.AspNetCore.Mvc.ProblemDetails { Title = "Already assigned", Detail = "This reviewer was given this submission at the same moment elsewhere.", Status = 409 });
        }
        return TypedResults.Created("/api/reviews/queue", new Assigned(1, 1, 1));
    }

    /// <summary>Gives each latest submission of the round's task N reviewers now, spreading the work evenly over every reviewer account.</summary>
    internal static async Task<Results<Ok<Assigned>, NotFound, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> AssignRoundAsync(Guid round, string task, AutoAssignRequest? request,
        InternDb db, UserManager<AppUser> users, ReviewOptions options, TimeProvider time, CancellationToken ct)
    {
        var hiring = await db.HiringRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == round, ct);
        if (hiring is null || !hiring.Offers(task))
            return TypedResults.NotFound();
        // The number typed on the form, else the round's own, else the server's.
        var perSubmission = request?.ReviewersPerSubmission ?? hiring.ReviewersPerSubmission ?? options.ReviewersPerSubmission;
        if (perSubmission is < 1 or > 10)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reviewersPerSubmission"] = ["Give between 1 and 10 reviewers per submission."] });
        try
        {
            var outcome = await ReviewAssigner.AssignAsync(db, users, round, task, perSubmission, time.GetUtcNow(), ct);
            return TypedResults.Ok(new Assigned(outcome.Assignments, outcome.Submissions, outcome.Reviewers));
        }
        catch (Exception e) when (Raced(e))
        {
            // One reviewer per submission once (a unique index): another admin, or the closed-round assigner, got there first.
            return TypedResults.Conflict(Conflicted("Reviewers were assigned to this task at the same moment elsewhere; assign again to top up what is missing."));
        }
    }

    internal static async Task<Results<Ok<ApplicantRow>, NotFound, ValidationProblem, Conflict<Microsoft.AspNetCore.Mvc.ProblemDetails>>> DecideAsync(Guid round, string task, Guid applicant, DecisionRequest request,
        ClaimsPrincipal principal, InternDb db, TaskCatalog catalog, ReviewOptions options, TimeProvider time, CancellationToken ct)
    {
        if (!Enum.TryParse<DecisionOutcome>(request.Outcome, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome) || int.TryParse(request.Outcome, out _))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = ["Decide advance, hold or reject."] });
        if (request.Note is { Length: > ApplicantDecision.MaxNoteLength })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = [$"Keep the note under {ApplicantDecision.MaxNoteLength} characters."] });
        // The round must still offer the task: one taken out of the round has no table to decide in.
        var hiring = await db.HiringRounds.AsNoTracking().SingleOrDefaultAsync(r => r.Id == round, ct);
        if (hiring is null || !hiring.Offers(task) || !await db.Submissions.AnyAsync(s => s.RoundId == round && s.TaskSlug == task && s.ApplicantId == applicant, ct))
            return TypedResults.NotFound();
        var decision = await db.ApplicantDecisions.SingleOrDefaultAsync(d => d.RoundId == round && d.ApplicantId == applicant && d.TaskSlug == task, ct);
        if (decision is null)
            db.ApplicantDecisions.Add(ApplicantDecision.Make(round, applicant, task, outcome, request.Note, Caller(principal), time.GetUtcNow()));
        else
            decision.Change(outcome, request.Note, Caller(principal), time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (Raced(e))
        {
            // Two first decisions for the same applicant at once: the other one stands; this admin sees it on reload.
            return TypedResults.Conflict(Conflicted("Another admin decided on this applicant at the same moment; reload to see that decision, then change it if need be."));
        }
        var table = await LoadTableAsync(db, catalog, options, round, task, ct);
        return TypedResults.Ok(table!.Rows.Single(r => r.ApplicantId == applicant));
    }
}

using System.Security.Claims;
using Intern.Server.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Reviews;

public static partial class ReviewsApi
{
    /// <summary>A comment on one line of a file, with the path as the caller sees it (in a blind round, with identity taken out).</summary>
    public sealed record LineCommentView(Guid Id, string Path, int Line, string Text, DateTimeOffset CreatedAt);

    /// <summary>Path as the review sheet shows it; Line counts from 1.</summary>
    public sealed record LineCommentRequest(string? Path, int Line, string? Text);

    private const int SaveAttempts = 3;

    /// <summary>Anchors a comment to a line of the submission's shown files; part of the caller's review, locked when it is submitted.</summary>
    internal static async Task<Results<Created<LineCommentView>, NotFound, ValidationProblem, ProblemHttpResult>> AddLineCommentAsync(Guid id,
        LineCommentRequest request, ClaimsPrincipal principal, InternDb db, ReviewOptions options, Submissions.IntakeOptions intake, TimeProvider time,
        CancellationToken ct)
    {
        var me = Caller(principal);
        if (!await db.Reviews.AnyAsync(r => r.SubmissionId == id && r.ReviewerId == me, ct))
            return TypedResults.NotFound();
        var blob = await db.Submissions.Where(s => s.Id == id).Select(s => s.BlobSha256).SingleAsync(ct);
        var blind = await BlindView.ForAsync(db, principal, id, ct);
        var files = SubmissionFiles.Show(await RawFilesAsync(db, blob, intake.Archive, ct), options.MaxShownFileBytes);
        // The reviewer names the file as the page showed it; the review keeps the archive's own path.
        var matches = files.Where(f => blind.Clean(f.Path) == request.Path).Take(2).ToList();
        var file = matches.Count == 1 ? matches[0] : null;
        var problems = new List<string>();
        if (matches.Count > 1)
            problems.Add($"Two files show as '{request.Path}' in this blind review, so a comment cannot tell them apart; comment in the overall comment.");
        else if (file is null)
            problems.Add($"The submission has no file '{request.Path}'.");
        else if (file.Text is null)
            problems.Add($"'{request.Path}' is binary or too large to show, so its lines cannot take comments.");
        else if (LineDiff.SplitLines(file.Text).Count is var count && (request.Line < 1 || request.Line > count))
            problems.Add($"'{request.Path}' has lines 1 to {count}; there is no line {request.Line}.");
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["line"] = [.. problems] });

        LineComment? comment = null;
        try
        {
            var (saved, _) = await SaveReviewAsync(db, id, me, review =>
            {
                comment = review.CommentOnLine(file!.Path, request.Line, request.Text ?? "", time.GetUtcNow());
                return true;
            }, ct);
            return saved switch
            {
                Saved.Yes => TypedResults.Created($"/api/reviews/{id}", LineView(comment!, blind.Clean)),
                Saved.Locked => Locked(),
                Saved.Busy => Busy(),
                _ => TypedResults.NotFound(),
            };
        }
        catch (ArgumentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [e.Message] });
        }
    }

    /// <summary>Takes back one of the caller's line comments while the review is still a draft.</summary>
    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveLineCommentAsync(Guid id, Guid comment, ClaimsPrincipal principal,
        InternDb db, TimeProvider time, CancellationToken ct)
    {
        var (saved, _) = await SaveReviewAsync(db, id, Caller(principal), review => review.RemoveLineComment(comment, time.GetUtcNow()), ct);
        return saved switch
        {
            Saved.Yes => TypedResults.NoContent(),
            Saved.Locked => Locked(),
            Saved.Busy => Busy(),
            _ => TypedResults.NotFound(),
        };
    }

    private enum Saved { Yes, NoReview, Unchanged, Locked, Busy }

    /// <summary>
    /// Loads the caller's review of the submission, lets <paramref name="change"/> act on it (false: nothing to save) and saves.
    /// Every change moves the review's concurrency token, so a rubric autosave and a line comment landing together cannot
    /// both win; the one that lost loads the review again and applies its change again, a few times at most.
    /// </summary>
    private static async Task<(Saved Saved, Review? Review)> SaveReviewAsync(InternDb db, Guid submission, Guid reviewer, Func<Review, bool> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var review = await db.Reviews.AsSplitQuery().SingleOrDefaultAsync(r => r.SubmissionId == submission && r.ReviewerId == reviewer, ct);
            if (review is null)
                return (Saved.NoReview, null);
            if (review.State == ReviewState.Submitted)
                return (Saved.Locked, review);
            if (!change(review))
                return (Saved.Unchanged, review);
            try
            {
                await db.SaveChangesAsync(ct);
                return (Saved.Yes, review);
            }
            catch (DbUpdateConcurrencyException) when (attempt < SaveAttempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                return (Saved.Busy, review);
            }
        }
    }

    private static ProblemHttpResult Busy() =>
        TypedResults.Problem("The review kept changing while this was saved (another window?); try again.", statusCode: StatusCodes.Status409Conflict);

    private static ProblemHttpResult Locked() =>
        TypedResults.Problem("This review is submitted and locked; it can no longer change.", statusCode: StatusCodes.Status409Conflict);

    internal static LineCommentView LineView(LineComment comment, Func<string, string> clean) =>
        new(comment.Id, clean(comment.Path), comment.Line, comment.Text, comment.CreatedAt);
}

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

    // A comment and a rubric autosave landing together both move the review's concurrency token; the comment tries again.
    private const int LineCommentAttempts = 3;

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
        var file = files.FirstOrDefault(f => blind.Clean(f.Path) == request.Path);
        var problems = new List<string>();
        if (file is null)
            problems.Add($"The submission has no file '{request.Path}'.");
        else if (file.Text is null)
            problems.Add($"'{request.Path}' is binary or too large to show, so its lines cannot take comments.");
        else if (LineDiff.SplitLines(file.Text).Count is var count && (request.Line < 1 || request.Line > count))
            problems.Add($"'{request.Path}' has lines 1 to {count}; there is no line {request.Line}.");
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["line"] = [.. problems] });

        for (var attempt = 1; ; attempt++)
        {
            var review = await db.Reviews.SingleAsync(r => r.SubmissionId == id && r.ReviewerId == me, ct);
            if (review.State == ReviewState.Submitted)
                return Locked();
            LineComment comment;
            try
            {
                comment = review.CommentOnLine(file!.Path, request.Line, request.Text ?? "", time.GetUtcNow());
            }
            catch (ArgumentException e)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [e.Message] });
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Created($"/api/reviews/{id}", LineView(comment, blind.Clean));
            }
            catch (DbUpdateConcurrencyException) when (attempt < LineCommentAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Takes back one of the caller's line comments while the review is still a draft.</summary>
    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RemoveLineCommentAsync(Guid id, Guid comment, ClaimsPrincipal principal,
        InternDb db, TimeProvider time, CancellationToken ct)
    {
        var me = Caller(principal);
        for (var attempt = 1; ; attempt++)
        {
            var review = await db.Reviews.SingleOrDefaultAsync(r => r.SubmissionId == id && r.ReviewerId == me, ct);
            if (review is null)
                return TypedResults.NotFound();
            if (review.State == ReviewState.Submitted)
                return Locked();
            if (!review.RemoveLineComment(comment, time.GetUtcNow()))
                return TypedResults.NotFound();
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.NoContent();
            }
            catch (DbUpdateConcurrencyException) when (attempt < LineCommentAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static ProblemHttpResult Locked() =>
        TypedResults.Problem("This review is submitted and locked; it can no longer change.", statusCode: StatusCodes.Status409Conflict);

    internal static LineCommentView LineView(LineComment comment, Func<string, string> clean) =>
        new(comment.Id, clean(comment.Path), comment.Line, comment.Text, comment.CreatedAt);
}

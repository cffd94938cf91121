using Intern.Server.Reviews;

namespace Intern.Server.Tests.Reviews;

/// <summary>A review's life: assigned, drafts saved as the reviewer works, submitted and locked.</summary>
public sealed class ReviewTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DraftsKeepPartialScoresAndSubmittingLocksTheTotal()
    {
        var review = Review.Assign(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        Assert.Equal(ReviewState.Assigned, review.State);
        review.SaveDraft(ReviewScoringTests.Rubric, [new("code", 5, "loops twice")], "first pass", Now.AddMinutes(1));
        review.SaveDraft(ReviewScoringTests.Rubric, [new("code", 10, "reads once"), new("report", null, "to do")], "second pass", Now.AddMinutes(2));
        Assert.Equal(ReviewState.Draft, review.State);
        Assert.Equal(2, review.Scores.Count);
        Assert.Equal(10, review.Scores.Single(s => s.CriterionId == "code").Points);
        Assert.Null(review.Total);

        review.Submit(ReviewScoringTests.Rubric, [new("code", 10, "reads once"), new("report", 12, "thin")], "ok", Now.AddMinutes(3));
        Assert.Equal(ReviewState.Submitted, review.State);
        Assert.Equal(22, review.Total);
        Assert.Equal(40, review.MaxPoints);
        Assert.Equal(Now.AddMinutes(3), review.SubmittedAt);
    }

    [Fact]
    public void ASubmittedReviewRefusesEveryChange()
    {
        var review = Review.Assign(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        review.Submit(ReviewScoringTests.Rubric, [new("code", 0, ""), new("report", 0, "")], "", Now);
        Assert.Throws<InvalidOperationException>(() => review.SaveDraft(ReviewScoringTests.Rubric, [new("code", 10, "")], "", Now));
        Assert.Throws<InvalidOperationException>(() => review.Submit(ReviewScoringTests.Rubric, [new("code", 10, ""), new("report", 30, "")], "", Now));
        Assert.Equal(0, review.Total);
    }

    [Fact]
    public void AnIncompleteOrForeignReviewCannotBeSubmitted()
    {
        var review = Review.Assign(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        Assert.Throws<ArgumentException>(() => review.Submit(ReviewScoringTests.Rubric, [new("code", 10, "")], "", Now));
        Assert.Throws<ArgumentException>(() => review.SaveDraft(ReviewScoringTests.Rubric, [new("code", 3, "")], "", Now));
        Assert.Equal(ReviewState.Assigned, review.State);
    }

    [Fact]
    public void LineCommentsStartTheDraftAreBoundedAndLockWithTheReview()
    {
        var review = Review.Assign(Guid.NewGuid(), Guid.NewGuid(), null, Now);
        var first = review.CommentOnLine("src/main.c", 12, "  this loop reads c twice  ", Now.AddMinutes(1));
        Assert.Equal((ReviewState.Draft, "this loop reads c twice", Now.AddMinutes(1)), (review.State, first.Text, review.UpdatedAt));
        Assert.Throws<ArgumentException>(() => review.CommentOnLine("src/main.c", 3, "   ", Now));
        // A form posts line breaks as CRLF; they count, and are kept, as one character each.
        var lines = string.Join("\r\n", Enumerable.Repeat(new string('x', 99), 20));
        Assert.Equal(20 * 99 + 19, review.CommentOnLine("src/main.c", 3, lines, Now).Text.Length);
        Assert.Throws<ArgumentException>(() => review.CommentOnLine("src/main.c", 3, new string('x', LineComment.MaxTextLength + 1), Now));
        Assert.True(review.RemoveLineComment(first.Id, Now.AddMinutes(2)));
        Assert.False(review.RemoveLineComment(first.Id, Now.AddMinutes(2)));
        review.LineComments.Clear();
        for (var i = 0; i < Review.MaxLineComments; i++)
            review.CommentOnLine("src/main.c", i + 1, "note", Now);
        Assert.Throws<ArgumentException>(() => review.CommentOnLine("src/main.c", 1, "one too many", Now));

        review.Submit(ReviewScoringTests.Rubric, [new("code", 0, ""), new("report", 0, "")], "", Now);
        Assert.Throws<InvalidOperationException>(() => review.CommentOnLine("src/main.c", 1, "late", Now));
        Assert.Throws<InvalidOperationException>(() => review.RemoveLineComment(review.LineComments[0].Id, Now));
        Assert.Equal(Review.MaxLineComments, review.LineComments.Count);
    }

    [Fact]
    public void ADeadlockVictimOfARacingWriteIsAConflictNotAnOutage()
    {
        // What Npgsql's execution strategy throws when PostgreSQL picked this transaction as a deadlock's victim.
        var victim = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new Microsoft.EntityFrameworkCore.DbUpdateException("deadlock detected"));
        Assert.True(ReviewsApi.Raced(victim));
        Assert.True(ReviewsApi.Raced(new Microsoft.EntityFrameworkCore.DbUpdateException("duplicate key")));
        Assert.False(ReviewsApi.Raced(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void DecisionsRefuseLongNotesAndKeepTheLatestChange()
    {
        var decision = ApplicantDecision.Make(Guid.NewGuid(), Guid.NewGuid(), "sum", DecisionOutcome.Hold, " wait for the interview ", Guid.NewGuid(), Now);
        Assert.Equal("wait for the interview", decision.Note);
        var admin = Guid.NewGuid();
        decision.Change(DecisionOutcome.Advance, "strong report", admin, Now.AddDays(1));
        Assert.Equal((DecisionOutcome.Advance, admin), (decision.Outcome, decision.DecidedBy));
        Assert.Throws<ArgumentException>(() => decision.Change(DecisionOutcome.Reject, new string('x', 2001), admin, Now));
    }
}

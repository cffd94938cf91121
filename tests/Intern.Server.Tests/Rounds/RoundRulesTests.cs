using Intern.Server.Rounds;
using static Intern.Server.Rounds.RoundRules;

namespace Intern.Server.Tests.Rounds;

/// <summary>Who may submit what and when, one row per rule; the first rule that applies is the one the applicant reads.</summary>
public sealed class RoundRulesTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);
    private static readonly HiringRound Round = HiringRound.Open("Winter", Deadline, 3, ["matmul", "fgsm"], Deadline.AddDays(-20));

    public static TheoryData<bool, string, int, int, DateTimeOffset, Refusal> Cases() => new()
    {
        { true, "matmul", 0, 0, Deadline.AddDays(-1), Refusal.None },
        { true, "matmul", 2, 1, Deadline, Refusal.None },
        { false, "matmul", 0, 0, Deadline.AddDays(-1), Refusal.NotEnrolled },
        { true, "training", 0, 0, Deadline.AddDays(-1), Refusal.TaskNotOffered },
        { true, "matmul", 0, 0, Deadline.AddTicks(1), Refusal.DeadlinePassed },
        { true, "matmul", 3, 0, Deadline.AddDays(-1), Refusal.SubmissionsUsed },
        { true, "matmul", 1, 2, Deadline.AddDays(-1), Refusal.TooManyQueued },
        // Past the deadline the deadline is what the applicant needs to hear, not the cap.
        { true, "matmul", 3, 2, Deadline.AddHours(1), Refusal.DeadlinePassed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecidesByTheFirstRuleThatApplies(bool enrolled, string task, int used, int queued, DateTimeOffset now, Refusal expected)
    {
        var decision = Check(enrolled ? Round : null, task, used, queued, maxQueued: 2, now);
        Assert.Equal(expected, decision.Refusal);
        Assert.Equal(expected == Refusal.None, decision.Allowed);
        Assert.Equal(expected == Refusal.None, decision.Message.Length == 0);
    }

    [Fact]
    public void TheTasksGracePeriodKeepsUploadsOpenPastTheDeadline()
    {
        var grace = TimeSpan.FromMinutes(15);
        Assert.Equal(Refusal.None, Check(Round, "matmul", 0, 0, 2, Deadline.AddMinutes(14), grace).Refusal);
        Assert.Equal(Refusal.DeadlinePassed, Check(Round, "matmul", 0, 0, 2, Deadline.AddMinutes(16), grace).Refusal);
    }

    [Fact]
    public void HiddenResultsCannotBeReleasedWhileTheRoundIsOpen()
    {
        var round = HiringRound.Open("Winter", Deadline, 3, ["matmul"], Deadline.AddDays(-20));
        Assert.Throws<InvalidOperationException>(() => round.ReleaseHiddenResults(Deadline.AddMinutes(-5)));
        round.ReleaseHiddenResults(Deadline.AddMinutes(5));
        Assert.True(round.HiddenResultsReleased(Deadline.AddMinutes(6)));
    }

    [Fact]
    public void InvitationsAreUsedOnceBeforeTheyExpireByTheEmailTheyName()
    {
        var now = Deadline.AddDays(-10);
        var (invitation, secret) = Invitation.Create("applicant", Round.Id, "Ada@Example.test", Guid.NewGuid(), now, TimeSpan.FromDays(7));
        Assert.StartsWith(Invitation.Prefix, secret, StringComparison.Ordinal);
        Assert.Equal("This invitation was sent to another email address.", invitation.Refusal(now, "eve@example.test"));
        Assert.Null(invitation.Refusal(now, " ada@example.test"));
        Assert.Contains("expired", invitation.Refusal(now.AddDays(7), "ada@example.test"), StringComparison.Ordinal);
        invitation.Accept(Guid.NewGuid(), now, "ada@example.test");
        Assert.Contains("already been used", invitation.Refusal(now, "ada@example.test"), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Invitation.Create("applicant", null, null, Guid.NewGuid(), now, TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentException>(() => Invitation.Create("admin", null, null, Guid.NewGuid(), now, TimeSpan.FromDays(1)));
    }
}

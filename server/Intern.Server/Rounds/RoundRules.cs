namespace Intern.Server.Rounds;

/// <summary>Why an applicant may not submit to a round now, or null when they may. Pure, so that every rule is a row in a unit test.</summary>
public static class RoundRules
{
    public enum Refusal
    {
        None,
        NotEnrolled,
        TaskNotOffered,
        DeadlinePassed,
        SubmissionsUsed,
        TooManyQueued,
    }

    public sealed record Decision(Refusal Refusal, string Message)
    {
        public bool Allowed => Refusal == Refusal.None;
    }

    // round: null when the applicant is not enrolled in it. used: submissions this applicant already made for
    // this task in this round. queued: this applicant's gradings waiting or running, over all tasks.
    // grace: the task's grace period after the round's deadline (task.yaml deadline.grace), for uploads already under way.
    public static Decision Check(HiringRound? round, string taskSlug, int used, int queued, int maxQueued, DateTimeOffset now, TimeSpan grace = default)
    {
        if (round is null)
            return new(Refusal.NotEnrolled, "You are not enrolled in this hiring round: open the invitation link the hiring team sent you.");
        if (!round.Offers(taskSlug))
            return new(Refusal.TaskNotOffered, $"Task '{taskSlug}' is not open in {round.Name}; it offers {string.Join(", ", round.TaskSlugs)}.");
        if (!round.AcceptsSubmissions(now - grace))
            return new(Refusal.DeadlinePassed, $"The deadline of {round.Name} passed at {round.Deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC; uploads are closed.");
        if (used >= round.MaxSubmissions)
            return new(Refusal.SubmissionsUsed, $"You have used all {round.MaxSubmissions} submissions for '{taskSlug}' in {round.Name}; your latest one stands.");
        if (queued >= maxQueued)
            return new(Refusal.TooManyQueued, $"You already have {queued} grading(s) waiting; upload again when one has finished.");
        return new(Refusal.None, "");
    }
}

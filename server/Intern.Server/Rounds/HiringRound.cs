namespace Intern.Server.Rounds;

/// <summary>A hiring round: which tasks are open to its applicants, until when, how often, and when hidden results show.</summary>
public sealed class HiringRound
{
    private HiringRound() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset Deadline { get; private set; }
    public int MaxSubmissions { get; private set; }
    public DateTimeOffset? HiddenResultsReleasedAt { get; private set; }
    public bool BlindReview { get; private set; }
    public List<string> TaskSlugs { get; private set; } = [];

    public static HiringRound Open(string name, DateTimeOffset deadline, int maxSubmissions, IEnumerable<string> taskSlugs, bool blindReview = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSubmissions, 1);
        return new HiringRound
        {
            Id = Guid.NewGuid(),
            Name = name,
            Deadline = deadline,
            MaxSubmissions = maxSubmissions,
            TaskSlugs = [.. taskSlugs],
            BlindReview = blindReview,
        };
    }

    public bool AcceptsSubmissions(DateTimeOffset now) => now <= Deadline;

    public void ReleaseHiddenResults(DateTimeOffset now) => HiddenResultsReleasedAt ??= now;
}

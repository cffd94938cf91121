using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Intern.Server.Reviews;

/// <summary>Who reviews what and in which order: pure functions, so that assignment and queues are tested as tables.</summary>
public static class ReviewPlan
{
    /// <summary>A submission to review and the reviewers it already has.</summary>
    public sealed record Need(Guid Submission, IReadOnlyCollection<Guid> Reviewers);

    /// <summary>
    /// New assignments that give every submission <paramref name="perSubmission"/> distinct reviewers (fewer when
    /// there are not enough reviewers), each time to the reviewer with the least work so far, ties broken by a stable
    /// pseudo-random key so that the same reviewers are not always paired.
    /// </summary>
    public static IReadOnlyList<(Guid Submission, Guid Reviewer)> Assign(IReadOnlyList<Need> needs, IReadOnlyDictionary<Guid, int> load, int perSubmission)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(load);
        var work = load.ToDictionary(l => l.Key, l => l.Value);
        var plan = new List<(Guid, Guid)>();
        foreach (var need in needs.OrderBy(n => n.Submission))
        {
            var have = need.Reviewers.ToHashSet();
            while (have.Count < perSubmission)
            {
                var pick = work.Keys.Where(r => !have.Contains(r))
                    .OrderBy(r => work[r]).ThenBy(r => OrderKey(r, need.Submission)).Select(r => (Guid?)r).FirstOrDefault();
                if (pick is not { } reviewer)
                    break;
                plan.Add((need.Submission, reviewer));
                have.Add(reviewer);
                work[reviewer]++;
            }
        }
        return plan;
    }

    /// <summary>
    /// The place of a submission in a reviewer's queue: stable for that reviewer (the queue does not reshuffle between
    /// visits) but unrelated to upload order, and different between reviewers, so early uploads are not always read first and fresh.
    /// </summary>
    public static ulong OrderKey(Guid reviewer, Guid submission)
    {
        Span<byte> input = stackalloc byte[32];
        reviewer.TryWriteBytes(input[..16]);
        submission.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>The status word of a row in the applicants table.</summary>
    public static string Status(string gradingStatus, int assigned, int submitted, DecisionOutcome? decision) => decision switch
    {
        DecisionOutcome.Advance => "advance",
        DecisionOutcome.Hold => "hold",
        DecisionOutcome.Reject => "reject",
        _ when gradingStatus != "graded" => gradingStatus,
        _ when assigned == 0 => "unassigned",
        _ when submitted < assigned => "in review",
        _ => "reviewed",
    };
}

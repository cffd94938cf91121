using System.ComponentModel.DataAnnotations;

namespace Intern.Server.Queue;

/// <summary>Section <c>Queue</c>: leases, attempts and polling of the grading queue.</summary>
public sealed class QueueOptions
{
    public const string Section = "Queue";

    /// <summary>How long a claim holds without a heartbeat; a worker that dies loses its job after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a worker renews its lease while grading (well inside <see cref="Lease"/>).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Claims of one job before it fails as a platform error for an admin to retry.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Least time between two writes of a grading's progress (cases done) in the same phase; a new phase
    /// is written at once. Live status is worth a write per half second, not one per test case.
    /// </summary>
    public TimeSpan Progress { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an idle worker waits before asking for work again.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many in-process workers the server runs; 0 when separate `intern worker` processes do the grading.</summary>
    [Range(0, 64)]
    public int InProcessWorkers { get; set; } = 1;
}

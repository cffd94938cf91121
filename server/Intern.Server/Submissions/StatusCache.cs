using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace Intern.Server.Submissions;

/// <summary>
/// The answers of GET /api/submissions/{id}, kept in memory until the submission changes. Clients poll that
/// endpoint, and most polls find nothing new: answering them from memory keeps the database for writes.
/// <para>
/// An entry goes when the queue says its submission changed (<see cref="Evict"/>, fed by
/// <see cref="Queue.StatusFeed"/>), when anything about rounds changes (<see cref="Clear"/>), and at the
/// latest after <see cref="StatusCacheOptions.MaxAge"/>, which bounds what no notification reports: rules
/// that turn with the clock, such as another round's deadline passing. While changes made by other
/// processes cannot reach this one (SQLite, or the PostgreSQL listener down), entries live only
/// <see cref="StatusCacheOptions.UnnotifiedMaxAge"/>.
/// </para>
/// <para>
/// A load that raced with a change must not store what it read before the change. Every eviction bumps a
/// generation counter of the submission's stripe; a load takes the generation before it reads the database
/// and stores its answer only if the generation is still the same afterwards.
/// </para>
/// </summary>
public sealed class StatusCache(StatusCacheOptions options, TimeProvider time)
{
    private const int Stripes = 1024;
    private readonly ConcurrentDictionary<(Guid Submission, bool ForApplicant), Entry> _entries = new();
    private readonly long[] _generations = new long[Stripes];
    private long _clears;
    private volatile bool _notified;

    /// <summary>One cached answer; <see cref="Applicant"/> is the owner for applicant entries (null for staff ones).</summary>
    public sealed record Entry(SubmissionsApi.View View, Guid? Applicant, DateTimeOffset Expires);

    /// <summary>Whether changes made by every process reach this one (the PostgreSQL listener is up).</summary>
    public bool Notified
    {
        get => _notified;
        set
        {
            // Whatever was stored while notifications could be missed must not outlive the switch, either way.
            _notified = value;
            Clear();
        }
    }

    /// <summary>What a load notes before it reads the database, for <see cref="Store"/>.</summary>
    public readonly record struct Generation(long Stripe, long Clears);

    public Generation Stamp(Guid submission) => new(Volatile.Read(ref _generations[StripeOf(submission)]), Volatile.Read(ref _clears));

    public bool TryGet(Guid submission, bool forApplicant, out Entry entry)
    {
        if (_entries.TryGetValue((submission, forApplicant), out entry!) && entry.Expires > time.GetUtcNow())
            return true;
        entry = null!;
        return false;
    }

    /// <summary>Stores an answer read after <paramref name="stamp"/> was taken, unless the submission changed since.</summary>
    public void Store(Guid submission, bool forApplicant, Guid? applicant, SubmissionsApi.View view, Generation stamp)
    {
        if (options.MaxAge <= TimeSpan.Zero || Stamp(submission) != stamp)
            return;
        if (_entries.Count >= options.MaxEntries)
            _entries.Clear();
        var key = (submission, forApplicant);
        _entries[key] = new Entry(view, applicant, time.GetUtcNow() + (_notified ? options.MaxAge : Min(options.MaxAge, options.UnnotifiedMaxAge)));
        // A change that came between the check and the write: take the write back.
        if (Stamp(submission) != stamp)
            _entries.TryRemove(key, out _);
    }

    /// <summary>The submission changed: forget its answers, and any load that is reading it now.</summary>
    public void Evict(Guid submission)
    {
        Interlocked.Increment(ref _generations[StripeOf(submission)]);
        _entries.TryRemove((submission, true), out _);
        _entries.TryRemove((submission, false), out _);
    }

    /// <summary>Something that may change many answers (a round, an enrolment): forget them all.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _clears);
        _entries.Clear();
    }

    public int Count => _entries.Count;

    private static int StripeOf(Guid submission) => (submission.GetHashCode() & int.MaxValue) % Stripes;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>Section <c>StatusCache</c>: how long the status endpoint may answer from memory.</summary>
public sealed class StatusCacheOptions
{
    public const string Section = "StatusCache";

    /// <summary>
    /// Longest life of an answer while changes from every process are notified (PostgreSQL). Bounds the
    /// staleness of what no notification reports (rules that turn with the clock). Zero turns the cache off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Longest life of an answer while other processes' changes cannot be heard (SQLite with `intern worker`
    /// processes, or the PostgreSQL listener reconnecting): a poll sees their changes at most this late.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan UnnotifiedMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Answers kept at most; when full, the cache starts again empty.</summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 100_000;
}

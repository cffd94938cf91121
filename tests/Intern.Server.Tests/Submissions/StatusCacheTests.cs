using Intern.Server.Submissions;
using Microsoft.Extensions.Time.Testing;

namespace Intern.Server.Tests.Submissions;

/// <summary>The status cache's rules, on a fake clock: what it keeps, for how long, and what it refuses to keep.</summary>
public sealed class StatusCacheTests
{
    private static readonly Guid Owner = Guid.NewGuid();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly StatusCache _cache;

    public StatusCacheTests() =>
        _cache = new StatusCache(new StatusCacheOptions { MaxAge = TimeSpan.FromSeconds(10), UnnotifiedMaxAge = TimeSpan.FromSeconds(1), MaxEntries = 3 }, _clock);

    private static SubmissionsApi.View View(Guid id, string status = "queued") =>
        new(id, "sum", 1, "solution.zip", DateTimeOffset.UnixEpoch, status, null, null, null, 0, 0);

    private Guid Stored(bool notified = true)
    {
        if (_cache.Notified != notified)
            _cache.Notified = notified;
        var id = Guid.NewGuid();
        _cache.Store(id, forApplicant: true, Owner, View(id), _cache.Stamp(id));
        return id;
    }

    [Fact]
    public void StoredAnswerIsServedToTheSameKindOfCallerOnly()
    {
        var id = Stored();
        Assert.True(_cache.TryGet(id, forApplicant: true, out var entry));
        Assert.Equal(Owner, entry.Applicant);
        Assert.Equal("queued", entry.View.Status);
        // Staff see more than the applicant: their answer is a different entry.
        Assert.False(_cache.TryGet(id, forApplicant: false, out _));
    }

    [Theory]
    [InlineData(true, 9.9, true)]
    [InlineData(true, 10, false)]
    [InlineData(false, 0.9, true)]
    [InlineData(false, 1, false)]
    public void AnswersLiveLongerOnlyWhileEveryProcessIsHeard(bool notified, double seconds, bool kept)
    {
        var id = Stored(notified);
        _clock.Advance(TimeSpan.FromSeconds(seconds));
        Assert.Equal(kept, _cache.TryGet(id, forApplicant: true, out _));
    }

    [Fact]
    public void EvictionForgetsTheSubmissionAndNothingElse()
    {
        var (changed, other) = (Stored(), Guid.NewGuid());
        _cache.Store(other, forApplicant: false, null, View(other), _cache.Stamp(other));
        _cache.Evict(changed);
        Assert.False(_cache.TryGet(changed, forApplicant: true, out _));
        Assert.True(_cache.TryGet(other, forApplicant: false, out _));
    }

    [Fact]
    public void LoadThatRacedWithAChangeIsNotStored()
    {
        var id = Guid.NewGuid();
        var before = _cache.Stamp(id);
        _cache.Evict(id); // the queue reported a change while the load was reading
        _cache.Store(id, forApplicant: true, Owner, View(id), before);
        Assert.False(_cache.TryGet(id, forApplicant: true, out _));

        var unrelated = _cache.Stamp(id);
        _cache.Clear(); // a round changed while the load was reading
        _cache.Store(id, forApplicant: true, Owner, View(id), unrelated);
        Assert.False(_cache.TryGet(id, forApplicant: true, out _));

        var fresh = _cache.Stamp(id);
        _cache.Store(id, forApplicant: true, Owner, View(id, "graded"), fresh);
        Assert.True(_cache.TryGet(id, forApplicant: true, out var entry));
        Assert.Equal("graded", entry.View.Status);
    }

    [Fact]
    public void LosingOrGainingTheListenerForgetsEverything()
    {
        var id = Stored(notified: false);
        _cache.Notified = true;
        Assert.False(_cache.TryGet(id, forApplicant: true, out _));
        id = Stored(notified: true);
        _cache.Notified = false;
        Assert.False(_cache.TryGet(id, forApplicant: true, out _));
    }

    [Fact]
    public void FullCacheStartsAgainEmpty()
    {
        var first = Enumerable.Range(0, 3).Select(_ => Stored()).ToList();
        Assert.All(first, id => Assert.True(_cache.TryGet(id, forApplicant: true, out _)));
        var fourth = Stored();
        Assert.Equal(1, _cache.Count);
        Assert.True(_cache.TryGet(fourth, forApplicant: true, out _));
    }

    [Fact]
    public void ZeroMaxAgeTurnsTheCacheOff()
    {
        var off = new StatusCache(new StatusCacheOptions { MaxAge = TimeSpan.Zero }, _clock) { Notified = true };
        var id = Guid.NewGuid();
        off.Store(id, forApplicant: true, Owner, View(id), off.Stamp(id));
        Assert.False(off.TryGet(id, forApplicant: true, out _));
    }
}

using Intern.Grading.Grading;
using Intern.Server.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Intern.Server.Tests.Queue;

/// <summary>How the grader's progress becomes the job's phase, and how often it is written.</summary>
public sealed class JobProgressTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData(GradingPhase.Preparing, "preparing")]
    [InlineData(GradingPhase.Generating, "preparing")]
    [InlineData(GradingPhase.Building, "building")]
    [InlineData(GradingPhase.Testing, "testing")]
    [InlineData(GradingPhase.Checking, "checking")]
    [InlineData(GradingPhase.Finished, null)]
    public void EachGraderPhaseHasItsJobPhase(GradingPhase phase, string? expected) =>
        Assert.Equal(expected, JobPhases.For(phase));

    [Theory]
    [InlineData(null, 0, "testing", 1, 0, 0)] // nothing written yet
    [InlineData("building", 0, "testing", 0, 100, 0)] // a new phase goes at once
    [InlineData("testing", 1, "testing", 2, 100, 400)] // counts wait for the rest of the interval
    [InlineData("testing", 1, "testing", 2, 500, 0)]
    [InlineData("testing", 1, "testing", 2, 900, 0)]
    public void NewPhasesGoAtOnceAndCountsAtMostOncePerInterval(string? writtenPhase, int writtenDone, string nextPhase, int nextDone, int elapsedMs, int holdMs)
    {
        var start = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var written = writtenPhase is null ? null : new ProgressSnapshot(writtenPhase, writtenDone, 10);
        var hold = JobPhases.Hold(written, start, new ProgressSnapshot(nextPhase, nextDone, 10), start.AddMilliseconds(elapsedMs), Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(holdMs), hold);
    }

    private sealed class Writes
    {
        public List<ProgressSnapshot> Done { get; } = [];
        public Func<ProgressSnapshot, Exception?> Fail { get; set; } = _ => null;

        public Task WriteAsync(ProgressSnapshot snapshot, CancellationToken ct)
        {
            if (Fail(snapshot) is { } e)
                throw e;
            lock (Done)
                Done.Add(snapshot);
            return Task.CompletedTask;
        }
    }

    private static GradingProgress Testing(int done) => new(GradingPhase.Testing, done, 10);

    [Fact]
    public async Task CountsWithinAnIntervalAreHeldAndTheLastIsWrittenWhenItEnds()
    {
        var (clock, writes, grading) = (new FakeTimeProvider(), new Writes(), new CancellationTokenSource());
        await using (var progress = new JobProgress(writes.WriteAsync, clock, Interval, grading, NullLogger.Instance))
        {
            progress.Report(new GradingProgress(GradingPhase.Preparing, 0, 0));
            progress.Report(Testing(0));
            clock.Advance(TimeSpan.FromMilliseconds(100));
            progress.Report(Testing(1));
            progress.Report(Testing(2));
            clock.Advance(TimeSpan.FromMilliseconds(400));
            progress.Report(new GradingProgress(GradingPhase.Finished, 10, 10));
        }
        // Preparing with no cases is what a claim already stored; Finished is the result's to say.
        Assert.Equal([new ProgressSnapshot("testing", 0, 10), new ProgressSnapshot("testing", 2, 10)], writes.Done);
    }

    [Fact]
    public async Task ANewPhaseIsWrittenAtOnceEvenWithinTheInterval()
    {
        var (clock, writes, grading) = (new FakeTimeProvider(), new Writes(), new CancellationTokenSource());
        await using (var progress = new JobProgress(writes.WriteAsync, clock, Interval, grading, NullLogger.Instance))
        {
            progress.Report(Testing(0));
            clock.Advance(TimeSpan.FromMilliseconds(10));
            progress.Report(Testing(1));
            progress.Report(new GradingProgress(GradingPhase.Checking, 1, 10));
        }
        Assert.Equal([new ProgressSnapshot("testing", 0, 10), new ProgressSnapshot("checking", 1, 10)], writes.Done);
    }

    [Fact]
    public async Task AFailedWriteIsLoggedAndGradingGoesOn()
    {
        var (clock, writes, grading) = (new FakeTimeProvider(), new Writes(), new CancellationTokenSource());
        writes.Fail = s => s.Phase == "building" ? new TimeoutException("the database is away") : null;
        await using (var progress = new JobProgress(writes.WriteAsync, clock, Interval, grading, NullLogger.Instance))
        {
            progress.Report(new GradingProgress(GradingPhase.Building, 0, 10));
            progress.Report(Testing(0));
        }
        Assert.False(grading.IsCancellationRequested);
        Assert.Equal([new ProgressSnapshot("testing", 0, 10)], writes.Done);
    }

    [Fact]
    public async Task ALostLeaseStopsTheGradingAndFurtherWrites()
    {
        var (clock, writes, grading) = (new FakeTimeProvider(), new Writes(), new CancellationTokenSource());
        writes.Fail = s => s.Phase == "building" ? new LeaseLostException(Guid.NewGuid()) : null;
        await using (var progress = new JobProgress(writes.WriteAsync, clock, Interval, grading, NullLogger.Instance))
        {
            progress.Report(new GradingProgress(GradingPhase.Building, 0, 10));
            var cancelled = new TaskCompletionSource();
            using var _ = grading.Token.Register(() => cancelled.TrySetResult());
            await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
            progress.Report(Testing(0));
        }
        Assert.True(grading.IsCancellationRequested);
        Assert.Empty(writes.Done);
    }
}

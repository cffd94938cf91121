using System.Diagnostics.Metrics;
using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Server.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Intern.Server.Tests.Queue;

/// <summary>What a grading records: time per phase from its progress reports, its outcome and its cases' verdicts.</summary>
public sealed class GradingMetricsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void PhasesAddUpAcrossCasesThatAlternateBetweenRunningAndChecking()
    {
        var forwarded = new List<GradingPhase>();
        var clock = new PhaseClock(_clock, new Progress(forwarded));
        Step(clock, GradingPhase.Preparing, 1);
        Step(clock, GradingPhase.Generating, 0.5);
        Step(clock, GradingPhase.Building, 2);
        Step(clock, GradingPhase.Testing, 3);
        Step(clock, GradingPhase.Checking, 0.25);
        Step(clock, GradingPhase.Testing, 1);
        Step(clock, GradingPhase.Checking, 0.25);
        Step(clock, GradingPhase.Finished, 10);
        Step(clock, GradingPhase.Finished, 0);

        Assert.Equal(9, forwarded.Count);
        Assert.Equal(new Dictionary<string, TimeSpan>
        {
            [MetricPhases.Prepare] = TimeSpan.FromSeconds(1.5),
            [MetricPhases.Build] = TimeSpan.FromSeconds(2),
            [MetricPhases.Test] = TimeSpan.FromSeconds(4),
            [MetricPhases.Check] = TimeSpan.FromSeconds(0.5),
        }, clock.Spent);
    }

    [Fact]
    public void AGradingCountsItsOutcomeAndEachCaseVerdict()
    {
        var (metrics, recorded) = Listen();
        metrics.Graded(new GradingResult { Tests = [Case(TestVerdict.AC), Case(TestVerdict.WA), Case(TestVerdict.AC), Case(TestVerdict.TLE)] });
        metrics.Graded(new GradingResult { Gradable = false, FormatErrors = ["no run file"] });
        metrics.Graded(new GradingResult { Error = "docker is down" });
        metrics.PhaseTook(MetricPhases.Build, TimeSpan.FromSeconds(2.5));

        Assert.Equal(2, Sum(recorded, "intern.verdicts", "verdict", "AC"));
        Assert.Equal(1, Sum(recorded, "intern.verdicts", "verdict", "WA"));
        Assert.Equal(1, Sum(recorded, "intern.verdicts", "verdict", "TLE"));
        Assert.Equal(1, Sum(recorded, "intern.gradings", "outcome", "graded"));
        Assert.Equal(1, Sum(recorded, "intern.gradings", "outcome", "ungradable"));
        Assert.Equal(1, Sum(recorded, "intern.gradings", "outcome", "platform_error"));
        Assert.Equal(2.5, Sum(recorded, "intern.grading.phase.duration", "phase", MetricPhases.Build));
    }

    private void Step(PhaseClock clock, GradingPhase phase, double seconds)
    {
        clock.Report(new GradingProgress(phase, 0, 0));
        _clock.Advance(TimeSpan.FromSeconds(seconds));
    }

    private static TestResult Case(TestVerdict verdict) => new() { Name = verdict.ToString(), Verdict = verdict };

    /// <summary>An <see cref="InternMetrics"/> of its own meter factory, and what a listener to that factory's meters heard.</summary>
    private (InternMetrics Metrics, List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Recorded) Listen()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        var depth = new QueueDepth(_services.GetRequiredService<IServiceScopeFactory>(), _clock, new MetricsOptions(), NullLogger<QueueDepth>.Instance);
        var metrics = new InternMetrics(factory, depth);
        var recorded = new List<(string, double, Dictionary<string, object?>)>();
        var listener = new MeterListener();
        // Only this factory's meters: other tests' servers publish meters of the same name in this process.
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == InternMetrics.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => recorded.Add((instrument.Name, value, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => recorded.Add((instrument.Name, value, Tags(tags))));
        listener.Start();
        _listeners.Add(listener);
        return (metrics, recorded);
    }

    private readonly List<MeterListener> _listeners = [];

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
            copy[key] = value;
        return copy;
    }

    private static double Sum(List<(string Instrument, double Value, Dictionary<string, object?> Tags)> recorded, string instrument, string tag, string value) =>
        recorded.Where(r => r.Instrument == instrument && Equals(r.Tags.GetValueOrDefault(tag), value)).Sum(r => r.Value);

    private sealed class Progress(List<GradingPhase> seen) : IProgress<GradingProgress>
    {
        public void Report(GradingProgress value) => seen.Add(value.Phase);
    }

    public void Dispose()
    {
        foreach (var listener in _listeners)
            listener.Dispose();
        _services.Dispose();
    }
}

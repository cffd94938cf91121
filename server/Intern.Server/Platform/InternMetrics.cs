using System.Diagnostics.Metrics;
using Intern.Grading.Results;

namespace Intern.Server;

/// <summary>
/// The platform's own instruments, on the meter <c>Intern</c> (created through <see cref="IMeterFactory"/>, so that each
/// host has its own). Names follow OpenTelemetry's conventions; Prometheus sees them with dots as underscores and the
/// unit appended (<c>intern_grading_phase_duration_seconds</c>). See README.md, "Metrics and probes".
/// </summary>
public sealed class InternMetrics
{
    public const string MeterName = "Intern";

    // Gradings take from well under a second (a failed build) to many minutes (a heavy benchmark).
    private static readonly double[] SecondsBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    // From a one-file solution (a few hundred bytes zipped) to the upload cap (32 MiB by default).
    private static readonly long[] BytesBuckets = [1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20, 32 << 20, 64 << 20];

    private readonly Histogram<double> _phase;
    private readonly Counter<long> _gradings;
    private readonly Counter<long> _verdicts;
    private readonly Histogram<long> _uploadSize;
    private readonly Counter<long> _refusals;

    public InternMetrics(IMeterFactory meters, QueueDepth queueDepth)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(queueDepth);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("intern.queue.depth", queueDepth.Observe, "{job}",
            "Grading jobs by state (queued, running, succeeded, failed), read from the database at most once per Metrics:QueueDepthRefresh");
        _phase = meter.CreateHistogram("intern.grading.phase.duration", "s",
            "Time a grading spent in each phase: queued (enqueued to first claim), prepare, build, test (running cases), check (checker programs)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _gradings = meter.CreateCounter<long>("intern.gradings", "{grading}", "Finished gradings by outcome: graded, ungradable (format errors) or platform_error");
        _verdicts = meter.CreateCounter<long>("intern.verdicts", "{case}", "Test case verdicts of finished gradings (AC, WA, TLE, ...)");
        _uploadSize = meter.CreateHistogram("intern.upload.size", "By", "Size of accepted uploads as sent (compressed)",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = BytesBuckets });
        _refusals = meter.CreateCounter<long>("intern.upload.refusals", "{upload}", "Uploads refused, by HTTP status (400, 403, 409, 413, 415, 429)");
    }

    /// <summary>One phase of one grading took <paramref name="duration"/>; <paramref name="phase"/> is one of <see cref="MetricPhases"/>.</summary>
    public void PhaseTook(string phase, TimeSpan duration) =>
        _phase.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("phase", phase));

    /// <summary>A grading finished (and was stored): its outcome, and the verdict of each of its cases.</summary>
    public void Graded(GradingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _gradings.Add(1, new KeyValuePair<string, object?>("outcome", Outcome(result)));
        foreach (var group in result.Tests.GroupBy(t => t.Verdict))
            _verdicts.Add(group.Count(), new KeyValuePair<string, object?>("verdict", group.Key.ToString()));
    }

    public void Uploaded(long bytes) => _uploadSize.Record(bytes);

    public void Refused(int statusCode) => _refusals.Add(1, new KeyValuePair<string, object?>("status", statusCode));

    /// <summary>What became of a grading, in the <c>outcome</c> tag's words.</summary>
    public static string Outcome(GradingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.IsPlatformError ? "platform_error" : result.Gradable ? "graded" : "ungradable";
    }
}

/// <summary>The <c>phase</c> tag's vocabulary of <c>intern.grading.phase.duration</c>.</summary>
public static class MetricPhases
{
    public const string Queued = "queued";
    public const string Prepare = "prepare";
    public const string Build = "build";
    public const string Test = "test";
    public const string Check = "check";
}

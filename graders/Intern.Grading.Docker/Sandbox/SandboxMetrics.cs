using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>
/// What the sandbox itself costs a grading, apart from the candidate's own run: the meter <c>Intern.Sandbox</c> with
/// <c>intern.sandbox.overhead.duration{step=start|remove}</c>. <c>start</c> spans create, attach, start and the
/// supervisor's ready line; <c>remove</c> spans the forced removal at the end. A process that exports metrics (the
/// server and the worker role) adds the meter by name; anywhere else the measurements go nowhere and cost nothing.
/// </summary>
public static class SandboxMetrics
{
    public const string MeterName = "Intern.Sandbox";

    public const string Start = "start";
    public const string Remove = "remove";

    // Starts take tens of milliseconds on an idle engine and seconds on a busy one.
    private static readonly double[] SecondsBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Overhead = Meter.CreateHistogram("intern.sandbox.overhead.duration", "s",
        "Time spent by the Docker engine around a sandbox's programs: start (create, attach, start, supervisor ready) and remove",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    internal static void Record(string step, long startedTimestamp) =>
        Overhead.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("step", step));
}

using Intern.Grading.Grading;

namespace Intern.Server.Queue;

/// <summary>
/// Times a grading's phases from its progress reports, passing each report on to <paramref name="inner"/>. The time
/// between two reports belongs to the phase of the first, so cases that alternate between running (test) and a
/// checker program (check) add up to one total per phase. Reports stop counting at <see cref="GradingPhase.Finished"/>.
/// </summary>
internal sealed class PhaseClock(TimeProvider time, IProgress<GradingProgress> inner) : IProgress<GradingProgress>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TimeSpan> _spent = new(StringComparer.Ordinal);
    private string? _phase;
    private long _since;

    public void Report(GradingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_phase is not null)
                _spent[_phase] = _spent.GetValueOrDefault(_phase) + time.GetElapsedTime(_since, now);
            (_phase, _since) = (For(value.Phase), now);
        }
        inner.Report(value);
    }

    /// <summary>Time spent so far in each phase that was reached (one of <see cref="MetricPhases"/>).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Spent
    {
        get
        {
            lock (_gate)
                return new Dictionary<string, TimeSpan>(_spent, StringComparer.Ordinal);
        }
    }

    public static string? For(GradingPhase phase) => phase switch
    {
        GradingPhase.Preparing or GradingPhase.Generating => MetricPhases.Prepare,
        GradingPhase.Building => MetricPhases.Build,
        GradingPhase.Testing => MetricPhases.Test,
        GradingPhase.Checking => MetricPhases.Check,
        _ => null,
    };
}

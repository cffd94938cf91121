using System.Globalization;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>Points for speed relative to the reference solution measured in the same grading.</summary>
public static class TimingScore
{
    // Below this, timer resolution and process start-up dominate, so ratios would be noise.
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(20);

    public static double Ratio(TimeSpan candidate, TimeSpan reference) =>
        Math.Max(candidate.TotalMilliseconds, Floor.TotalMilliseconds) / Math.Max(reference.TotalMilliseconds, Floor.TotalMilliseconds);

    /// <summary>1 up to <c>FullWithin</c>, 0 from <c>NoneBeyond</c>, linear in log(ratio) between.</summary>
    public static double Fraction(TimingDefinition timing, double ratio)
    {
        ArgumentNullException.ThrowIfNull(timing);
        if (ratio <= timing.FullWithin)
            return 1;
        if (ratio >= timing.NoneBeyond)
            return 0;
        return 1 - (Math.Log(ratio / timing.FullWithin) / Math.Log(timing.NoneBeyond / timing.FullWithin));
    }

    /// <summary>The candidate's wall-time limit for a case: <c>NoneBeyond</c> times the reference, plus a second for start-up.</summary>
    public static TimeSpan WallLimit(TimingDefinition timing, TimeSpan reference)
    {
        ArgumentNullException.ThrowIfNull(timing);
        return TimeSpan.FromMilliseconds(Math.Max(reference.TotalMilliseconds, Floor.TotalMilliseconds) * timing.NoneBeyond) + TimeSpan.FromSeconds(1);
    }

    public static string Describe(TimingDefinition timing, TimeSpan candidate, TimeSpan reference, double ratio, double fraction) =>
        string.Create(CultureInfo.InvariantCulture,
            $"wall time {candidate.TotalSeconds:0.000} s, reference {reference.TotalSeconds:0.000} s in the same grading: {ratio:0.00}x "
            + $"(full points within {timing.FullWithin:0.##}x, none from {timing.NoneBeyond:0.##}x): {fraction * 100:0}% of the points");
}

using System.Globalization;

namespace Intern.Grading.Checking;

internal readonly record struct NumericTolerance(double Absolute, double Relative)
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static NumericTolerance From(CheckerSpec spec)
    {
        if (!double.IsFinite(spec.AbsoluteTolerance) || spec.AbsoluteTolerance < 0)
            throw new ArgumentException($"Absolute tolerance must be a finite number >= 0, not {spec.AbsoluteTolerance}.", nameof(spec));
        if (!double.IsFinite(spec.RelativeTolerance) || spec.RelativeTolerance < 0)
            throw new ArgumentException($"Relative tolerance must be a finite number >= 0, not {spec.RelativeTolerance}.", nameof(spec));
        return new(spec.AbsoluteTolerance, spec.RelativeTolerance);
    }

    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public bool Accepts(double expected, double actual)
    {
        if (!double.IsFinite(actual))
            return false;
        double difference = Math.Abs(actual - expected);
        // Decimal text such as 1.1 and a tolerance such as 0.1 are both rounded when parsed, so a
        // value written exactly at the tolerance can land an ulp or so outside it. Two ulps of slack
        // keep "exactly at the tolerance" accepted without widening any tolerance meaningfully.
        double slack = 2 * MachineEpsilon * Math.Max(Math.Abs(expected), Math.Abs(actual));
        return difference <= Absolute + slack || difference <= Relative * Math.Abs(expected) + slack;
    }

    public string Explain(double expected, double actual) =>
        $"difference {Math.Abs(actual - expected)} is outside the tolerance (absolute {Absolute}, relative {Relative})";
}

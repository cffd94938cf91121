namespace Intern.Grading.Checking;

/// <summary>The checkers that run on the host, in process. Program checkers run in a container elsewhere.</summary>
public static class BuiltInCheckers
{
    /// <exception cref="ArgumentException">
    /// The type is "program" or unknown, or a tolerance is negative or not finite.
    /// </exception>
    public static IOutputChecker Create(CheckerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Type.ToLowerInvariant() switch
        {
            "exact" => new ExactChecker(),
            "tokens" => new TokenChecker(null),
            "float" => new TokenChecker(NumericTolerance.From(spec)),
            "csv" => new CsvChecker(NumericTolerance.From(spec)),
            "json" => new JsonChecker(NumericTolerance.From(spec)),
            "program" => throw new ArgumentException(
                "A program checker runs in its own container and has no built-in implementation.", nameof(spec)),
            _ => throw new ArgumentException(
                $"Unknown checker type '{spec.Type}'; expected one of {string.Join(", ", CheckerSpec.Types)}.", nameof(spec)),
        };
    }
}

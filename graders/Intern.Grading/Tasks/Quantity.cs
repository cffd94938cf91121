using System.Globalization;
using System.Text.RegularExpressions;

namespace Intern.Grading.Tasks;

/// <summary>Durations and sizes as task authors write them: <c>1.5s</c>, <c>256MiB</c>.</summary>
public static partial class Quantity
{
    public const string DurationForms = "a duration such as 500ms, 2s, 1.5s, 2m or 1h";
    public const string SizeForms = "a size such as 512B, 64KiB, 256MiB, 1GiB or a whole number of bytes";

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text ?? "");
        if (!match.Success)
            return false;
        var value = double.Parse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var milliseconds = value * match.Groups[2].Value switch
        {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            _ => 3_600_000,
        };
        // Far beyond any sane limit, and TimeSpan overflows not much later.
        if (milliseconds > TimeSpan.FromDays(365).TotalMilliseconds)
            return false;
        duration = TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text ?? "");
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return false;
        var shift = match.Groups[2].Value switch
        {
            "KiB" => 10,
            "MiB" => 20,
            "GiB" => 30,
            "TiB" => 40,
            _ => 0,
        };
        if (value > long.MaxValue >> shift)
            return false;
        bytes = value << shift;
        return true;
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^([0-9]+)(B|KiB|MiB|GiB|TiB)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}

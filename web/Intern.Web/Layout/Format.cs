using System.Globalization;
using System.Text.RegularExpressions;
using Intern.Grading.Results;

namespace Intern.Web.Layout;

/// <summary>How numbers, times and statuses read on the pages.</summary>
internal static partial class Format
{
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Score(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Percent(double? value) => value is { } v ? $"{Score(v)} %" : "–";

    /// <summary>A task's late policy in one sentence, for the pages that show the deadline; <paramref name="task"/> names it when a round has several.</summary>
    public static string LatePolicy(double percentPerDay, string? task = null) =>
        $"Uploads{(task is null ? "" : $" for {task}")} after the deadline lose {Percent(percentPerDay)} of their final score per started day.";

    /// <summary>How late something came, in its two largest units, e.g. "1 day 5 hours" or "12 minutes".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
            return "less than a minute";
        (int Count, string Unit)[] parts = [(span.Days, "day"), (span.Hours, "hour"), (span.Minutes, "minute")];
        var first = Array.FindIndex(parts, p => p.Count > 0);
        return string.Join(" ", parts.Skip(first).Take(2).Where(p => p.Count > 0).Select(p => $"{p.Count} {p.Unit}{(p.Count == 1 ? "" : "s")}"));
    }

    /// <summary>A score typed in a form (always with a dot), or null when there is none.</summary>
    public static double? ParseScore(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string Bytes(long bytes) => bytes >= 1 << 20
        ? $"{(bytes / (double)(1 << 20)).ToString("0.#", CultureInfo.InvariantCulture)} MiB"
        : $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KiB";

    public static string Status(string? status) => status switch
    {
        null => "not submitted",
        "queued" => "queued",
        "grading" => "grading",
        "graded" => "graded",
        "platform_error" => "platform error (not your fault; staff will regrade)",
        _ => status,
    };

    public static string Verdict(TestVerdict verdict) => verdict switch
    {
        TestVerdict.AC => "passed",
        TestVerdict.PA => "partly passed",
        TestVerdict.WA => "wrong answer",
        TestVerdict.RE => "runtime error",
        TestVerdict.TLE => "time limit exceeded",
        TestVerdict.MLE => "memory limit exceeded",
        TestVerdict.OLE => "output limit exceeded",
        TestVerdict.SV => "forbidden action",
        TestVerdict.CE => "build failed",
        _ => verdict.ToString(),
    };

    /// <summary>Expected and actual excerpts from a checker's message (e.g. <c>line 1, token 1: expected "7", got "8"</c>), when it has them.</summary>
    public static (string Expected, string Actual)? Difference(string output)
    {
        var match = DifferencePattern().Match(output);
        return match.Success ? (match.Groups["expected"].Value, match.Groups["actual"].Value) : null;
    }

    [GeneratedRegex("""expected (?<expected>".*?"|end of output)(?: next)?, got (?<actual>".*"|end of output)""", RegexOptions.Singleline)]
    private static partial Regex DifferencePattern();
}

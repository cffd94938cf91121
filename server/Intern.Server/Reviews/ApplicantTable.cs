using System.Globalization;
using System.Text;

namespace Intern.Server.Reviews;

/// <summary>One applicant's latest submission for a task of a round, with its scores and how far its reviews are. Scores in percent.</summary>
public sealed record ApplicantRow(Guid ApplicantId, string Applicant, string Email, string Pseudonym, Guid Submission, DateTimeOffset UploadedAt,
    int Submissions, string GradingStatus, double? Auto, double? Review, double? Final, string Status, int ReviewsSubmitted, int ReviewsAssigned,
    bool Disagreement, IReadOnlyList<ReviewerProgress> Reviewers, string? Decision, string? Note)
{
    /// <summary>Percent taken off the final score for an upload after the deadline (0: on time, or the task has no penalty).</summary>
    public double LatePenalty { get; init; }
}

public sealed record ReviewerProgress(Guid ReviewerId, string Reviewer, string State, double? Percent);

/// <summary>Sorting, filtering, CSV and the score histogram of the applicants table: pure, so the page and the CSV agree.</summary>
public static class ApplicantTable
{
    /// <summary>
    /// Rows whose name, email or pseudonym contains <paramref name="search"/> and whose status is <paramref name="status"/>
    /// (when given), sorted by <paramref name="sort"/> (default final score, best first; missing scores last either way).
    /// </summary>
    public static IReadOnlyList<ApplicantRow> Arrange(IEnumerable<ApplicantRow> rows, string? sort, bool descending, string? search, string? status)
    {
        var kept = rows.Where(r => string.IsNullOrWhiteSpace(search)
                || r.Applicant.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)
                || r.Email.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)
                || r.Pseudonym.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(r => string.IsNullOrWhiteSpace(status) || r.Status == status);
        IOrderedEnumerable<ApplicantRow> Score(Func<ApplicantRow, double?> key) => descending
            ? kept.OrderBy(r => key(r) is null).ThenByDescending(key)
            : kept.OrderBy(r => key(r) is null).ThenBy(key);
        IOrderedEnumerable<ApplicantRow> By<T>(Func<ApplicantRow, T> key) => descending ? kept.OrderByDescending(key) : kept.OrderBy(key);
        var ordered = (sort ?? "final") switch
        {
            "applicant" => By(r => r.Applicant.ToUpperInvariant()),
            "uploaded" => By(r => r.UploadedAt),
            "auto" => Score(r => r.Auto),
            "review" => Score(r => r.Review),
            "status" => By(r => r.Status),
            _ => Score(r => r.Final),
        };
        return [.. ordered.ThenBy(r => r.Applicant, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Submission)];
    }

    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "Applicant", "Email", "Pseudonym", "Submission", "Uploaded", "Submissions", "Auto", "Review", "Final", "Status",
        "Reviews submitted", "Reviews assigned", "Disagreement", "Decision", "Note", "Late penalty",
    ];

    /// <summary>The table as CSV (RFC 4180, CRLF line ends), one line per row in the given order.</summary>
    public static string Csv(IEnumerable<ApplicantRow> rows)
    {
        var csv = new StringBuilder();
        csv.Append(Line(CsvHeader));
        foreach (var r in rows)
        {
            csv.Append(Line([
                r.Applicant, r.Email, r.Pseudonym, r.Submission.ToString(), r.UploadedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                r.Submissions.ToString(CultureInfo.InvariantCulture), Number(r.Auto), Number(r.Review), Number(r.Final), r.Status,
                r.ReviewsSubmitted.ToString(CultureInfo.InvariantCulture), r.ReviewsAssigned.ToString(CultureInfo.InvariantCulture),
                r.Disagreement ? "yes" : "no", r.Decision ?? "", r.Note ?? "", Number(r.LatePenalty),
            ]));
        }
        return csv.ToString();
    }

    public static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// One CSV line. Fields with a comma, quote or line break are quoted; fields that a spreadsheet would run as a
    /// formula (=, +, -, @ first) get a leading apostrophe, since names and notes are typed by others.
    /// </summary>
    public static string Line(IReadOnlyList<string> fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    /// <summary>How many of <paramref name="percents"/> fall into each tenth of 0-100 (100 counts in the last).</summary>
    public static IReadOnlyList<int> Histogram(IEnumerable<double?> percents)
    {
        var bins = new int[10];
        foreach (var p in percents.OfType<double>())
            bins[Math.Clamp((int)Math.Floor(p / 10), 0, 9)]++;
        return bins;
    }
}

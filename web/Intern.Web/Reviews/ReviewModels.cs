using Intern.Grading.Results;
using Intern.Grading.Tasks;

namespace Intern.Web.Reviews;

/// <summary>State is assigned, draft or submitted; scores in percent.</summary>
public sealed record ReviewQueueEntry(Guid Submission, string Applicant, string Round, string Task, string TaskTitle, string State, string GradingStatus, double? AutoPercent);

public sealed record ReviewQueueInfo(IReadOnlyList<ReviewQueueEntry> Items, Guid? Next, int Submitted, int Total);

public sealed record CriterionScoreInfo(string Criterion, double? Points, string? Comment);

public sealed record ReviewInfo(string Reviewer, string State, IReadOnlyList<CriterionScoreInfo> Scores, string Comment, double? Total, double? MaxPoints,
    DateTimeOffset? UpdatedAt, IReadOnlyList<LineCommentInfo> Lines)
{
    public CriterionScoreInfo? For(string criterion) => Scores.FirstOrDefault(s => s.Criterion == criterion);
}

/// <summary>A reviewer's comment on line <see cref="Line"/> (from 1) of the file at <see cref="Path"/>, as the sheet shows it.</summary>
public sealed record LineCommentInfo(Guid Id, string Path, int Line, string Text);

/// <summary>A line comment placed in the code: whose it is, and whether the reader may still take it back.</summary>
public sealed record PlacedLineComment(LineCommentInfo Comment, string Reviewer, bool Removable);

/// <summary>
/// A file of the submission; Text is null for binary or oversized files. Starter is new, unchanged or changed (against the
/// task's starter kit), with the changes in Diff when the file was not too long to compare.
/// </summary>
public sealed record SubmissionFileInfo(string Path, long Size, string? Text, string Language, string Starter, IReadOnlyList<DiffLineInfo>? Diff);

/// <summary>Kind is ' ' (kept), '-' (only in the starter kit) or '+' (only in the submission).</summary>
public sealed record DiffLineInfo(char Kind, string Text);

public sealed record EvidenceInfo(double Score, double MaxScore, bool Gradable, IReadOnlyList<string> FormatErrors, IReadOnlyList<TestResult> Tests,
    IReadOnlyDictionary<string, Metric> Metrics, string Output, IReadOnlyList<ArtifactInfo> Artifacts);

/// <summary>A file the grading produced for reviewers; <see cref="Url"/> serves it (images show in the page).</summary>
public sealed record ArtifactInfo(string Name, string MediaType, string Url)
{
    public bool IsImage => MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A submission as its reviewer reads it. Others, ReviewPercent, FinalPercent and Disagreement stay empty until the
/// reviewer's own review is submitted.
/// </summary>
public sealed record ReviewSheetInfo(Guid Submission, string Applicant, bool Blind, string Round, string Task, string TaskTitle, int TaskVersion,
    string FileName, DateTimeOffset UploadedAt, string GradingStatus, EvidenceInfo? Result, double? AutoPercent, double AutoWeight, double ReviewWeight,
    Rubric? Rubric, IReadOnlyList<SubmissionFileInfo> Files, string? Report, ReviewInfo? Mine, IReadOnlyList<ReviewInfo> Others,
    double? ReviewPercent, double? FinalPercent, bool Disagreement, Guid? Next)
{
    /// <summary>The report when it is a notebook or a PDF; a Markdown report is one of the files.</summary>
    public ReportDocumentInfo? Document { get; init; }

    /// <summary>Percent taken off the final score for an upload after the round's deadline.</summary>
    public double LatePenalty { get; init; }
}

/// <summary>One output of a notebook cell: text, image (a data URI), table (sanitised HTML) or error.</summary>
public sealed record NotebookOutputInfo(string Kind, string Content);

public sealed record NotebookCellInfo(string Kind, string Source, IReadOnlyList<NotebookOutputInfo> Outputs);

/// <summary>
/// A notebook (<see cref="Cells"/>) or a PDF (<see cref="Pages"/> of its text; <see cref="PdfUrl"/> embeds the file itself,
/// null in a blind round); <see cref="Problem"/> says what could not be read.
/// </summary>
public sealed record ReportDocumentInfo(string Path, string Kind, IReadOnlyList<NotebookCellInfo> Cells, IReadOnlyList<string> Pages, string? PdfUrl, string? Problem);

public sealed record ReviewerProgressInfo(string Reviewer, string State, double? Percent);

public sealed record ApplicantRowInfo(Guid ApplicantId, string Applicant, string Email, string Pseudonym, Guid Submission, DateTimeOffset UploadedAt,
    int Submissions, double? Auto, double? Review, double? Final, string Status, int ReviewsSubmitted, int ReviewsAssigned, bool Disagreement,
    IReadOnlyList<ReviewerProgressInfo> Reviewers, string? Decision, string? Note)
{
    /// <summary>Percent taken off the final score for an upload after the round's deadline.</summary>
    public double LatePenalty { get; init; }
}

public sealed record ApplicantsTableInfo(Guid RoundId, string Round, bool Blind, string Task, string TaskTitle, double AutoWeight, double ReviewWeight,
    double DisagreementThreshold, IReadOnlyList<ApplicantRowInfo> Rows, IReadOnlyList<int> FinalHistogram, IReadOnlyList<int> AutoHistogram,
    IReadOnlyList<string> Statuses, IReadOnlyList<LeaderboardInfo> Leaderboards)
{
    /// <summary>Reviewers per submission when assigned at once: the round's own number, else the server's setting.</summary>
    public int ReviewersPerSubmission { get; init; } = 2;
}

public sealed record LeaderboardPlaceInfo(Guid Submission, string Applicant, double Value);

/// <summary>A leaderboard of a task's results, best first (<see cref="Order"/> "desc": higher is better).</summary>
public sealed record LeaderboardInfo(string Name, string Order, IReadOnlyList<LeaderboardPlaceInfo> Places);

/// <summary>Sorting, filtering and search of the applicants table, as in its URL's query.</summary>
public sealed record TableQuery(string? Sort = null, bool? Desc = null, string? Search = null, string? Status = null)
{
    public string ToQueryString()
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Sort))
            parts.Add($"sort={Uri.EscapeDataString(Sort)}");
        if (Desc is { } desc)
            parts.Add($"desc={(desc ? "true" : "false")}");
        if (!string.IsNullOrWhiteSpace(Search))
            parts.Add($"q={Uri.EscapeDataString(Search)}");
        if (!string.IsNullOrEmpty(Status))
            parts.Add($"status={Uri.EscapeDataString(Status)}");
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}

/// <summary>One test whose verdict or points a rejudge changes; null on the side where the test does not exist.</summary>
public sealed record TestChangeInfo(string Test, string? Before, string? After);

/// <summary>One submission of a rejudge: queued, grading, graded or failed, with its score in percent before and after.</summary>
public sealed record RejudgeItemInfo(Guid Submission, string Applicant, string Email, string State, double? BeforePercent, double? AfterPercent,
    bool Changed, IReadOnlyList<TestChangeInfo> Tests, string? Error);

public sealed record RejudgeInfo(Guid Id, int TaskVersion, string State, DateTimeOffset StartedAt, DateTimeOffset? ClosedAt, int Total, int Pending,
    int Failed, int Changed, int Applied, bool Ready, IReadOnlyList<RejudgeItemInfo> Items);

/// <summary>The rejudge page of a round's task: the package version the server has now and the latest rejudge, if any.</summary>
public sealed record RejudgePageInfo(Guid RoundId, string Round, string Task, string TaskTitle, int? LoadedVersion, RejudgeInfo? Latest);

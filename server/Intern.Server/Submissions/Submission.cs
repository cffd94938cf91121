namespace Intern.Server.Submissions;

/// <summary>An applicant's upload for one task: the archive (by content hash) and which result is current.</summary>
public sealed class Submission
{
    private Submission() { }

    public Guid Id { get; private set; }
    public Guid ApplicantId { get; private set; }
    public Guid? RoundId { get; private set; }
    public string TaskSlug { get; private set; } = "";
    public int TaskVersion { get; private set; }
    public string BlobSha256 { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public long SizeBytes { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The one result applicants and reviewers see; earlier gradings stay in history.</summary>
    public Guid? CurrentResultId { get; private set; }

    public static Submission Create(Guid applicantId, Guid? roundId, string taskSlug, int taskVersion, Blob blob, string fileName, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        ApplicantId = applicantId,
        RoundId = roundId,
        TaskSlug = taskSlug,
        TaskVersion = taskVersion,
        BlobSha256 = blob.Sha256,
        FileName = fileName,
        SizeBytes = blob.Size,
        CreatedAt = now,
    };

    public void MakeCurrent(GradingRecord result)
    {
        if (result.SubmissionId != Id)
            throw new InvalidOperationException($"Result {result.Id} belongs to another submission.");
        CurrentResultId = result.Id;
    }

    /// <summary>An applied rejudge: its result becomes current and later gradings use the version it was graded against.</summary>
    public void Rejudged(GradingRecord result, int taskVersion)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.RejudgeId is null)
            throw new InvalidOperationException($"Result {result.Id} is no rejudge's preview.");
        result.ReplacedResultId = CurrentResultId;
        MakeCurrent(result);
        TaskVersion = taskVersion;
    }
}

/// <summary>The status words applicants and the API use for a submission, from its latest job and whether it has a current result.</summary>
public static class SubmissionStatus
{
    public static string Of(Queue.JobState? latestJob, bool hasResult) => latestJob switch
    {
        Queue.JobState.Queued => "queued",
        Queue.JobState.Running => "grading",
        Queue.JobState.Failed => "platform_error",
        _ => hasResult ? "graded" : "queued",
    };
}

/// <summary>A stored archive, addressed by the SHA-256 of its bytes, so identical uploads are stored once.</summary>
public sealed class Blob
{
    private Blob() { }

    public string Sha256 { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public long Size { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Blob Create(byte[] content, DateTimeOffset now) => new()
    {
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
        Content = content,
        Size = content.LongLength,
        CreatedAt = now,
    };
}

/// <summary>One grading's result document (results.json) for a submission; exactly one per submission is current.</summary>
public sealed class GradingRecord
{
    private GradingRecord() { }

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public Guid JobId { get; private set; }
    public int Attempt { get; private set; }
    public double Score { get; private set; }
    public double MaxScore { get; private set; }
    public bool Gradable { get; private set; }
    public string Json { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The rejudge whose preview this result is; such a result becomes current only when the rejudge is applied.</summary>
    public Guid? RejudgeId { get; private set; }

    /// <summary>For an applied rejudge's result: the result it replaced, so that the rejudge's changes stay readable.</summary>
    public Guid? ReplacedResultId { get; internal set; }

    public static GradingRecord Create(Guid submissionId, Guid jobId, int attempt, Grading.Results.GradingResult result, DateTimeOffset now, Guid? rejudgeId = null) => new()
    {
        RejudgeId = rejudgeId,
        Id = Guid.NewGuid(),
        SubmissionId = submissionId,
        JobId = jobId,
        Attempt = attempt,
        Score = result.Score,
        MaxScore = result.MaxScore,
        Gradable = result.Gradable,
        Json = Grading.Results.ResultJson.Serialize(result),
        CreatedAt = now,
    };
}

/// <summary>
/// A file a grading produced for reviewers (a screenshot, a plot, a log), stored as a blob by content hash. Its
/// <see cref="Ordinal"/> is its place in the result's <c>artifacts[]</c>, which is how reviewers' pages ask for it.
/// </summary>
public sealed class GradingArtifact
{
    private GradingArtifact() { }

    public Guid RecordId { get; private set; }
    public int Ordinal { get; private set; }
    public string Name { get; private set; } = "";
    public string MediaType { get; private set; } = "";
    public string BlobSha256 { get; private set; } = "";

    public const int MaxNameLength = 255;
    public const int MaxMediaTypeLength = 100;

    /// <summary>Names and media types come from checkers: longer ones are cut to the columns' size rather than losing the grading.</summary>
    public static GradingArtifact Create(Guid recordId, int ordinal, string name, string mediaType, string blobSha256) => new()
    {
        RecordId = recordId,
        Ordinal = ordinal,
        Name = name.Length <= MaxNameLength ? name : name[..(char.IsHighSurrogate(name[MaxNameLength - 1]) ? MaxNameLength - 1 : MaxNameLength)],
        MediaType = mediaType.Length > MaxMediaTypeLength ? "application/octet-stream" : mediaType,
        BlobSha256 = blobSha256,
    };
}

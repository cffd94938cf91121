using System.Text.Json.Serialization;

namespace Intern.Grading.Results;

/// <summary>
/// The result document of one grading: a superset of Gradescope's autograder <c>results.json</c>.
/// Gradescope's fields keep their names and meaning (<c>score</c>, <c>max_score</c>, <c>execution_time</c>,
/// <c>output</c>, <c>tests</c>, <c>leaderboard</c>); Intern adds per-test verdict, time and memory,
/// <c>gradable</c> with <c>format_errors</c>, <c>artifacts</c>, <c>metrics</c>, <c>phases</c>, and
/// <c>error</c> for platform failures (XX), which are never counted against the applicant.
/// </summary>
public sealed record GradingResult
{
    /// <summary>Auto-graded points earned, out of <see cref="MaxScore"/>.</summary>
    public double Score { get; init; }

    public double MaxScore { get; init; }

    /// <summary>Seconds the grading took, from start to finish.</summary>
    public double ExecutionTime { get; init; }

    /// <summary>Text shown on top of the results: build output, a summary, or why grading could not happen.</summary>
    public string Output { get; init; } = "";

    public IReadOnlyList<TestResult> Tests { get; init; } = [];
    public IReadOnlyList<LeaderboardEntry> Leaderboard { get; init; } = [];

    /// <summary>False when the submission could not be graded at all (missing <c>run</c>, bad archive); such a submission costs no attempt.</summary>
    public bool Gradable { get; init; } = true;

    /// <summary>What to fix when <see cref="Gradable"/> is false, in plain words.</summary>
    public IReadOnlyList<string> FormatErrors { get; init; } = [];

    /// <summary>A platform failure (XX), when the grading could not be completed through no fault of the submission.</summary>
    public string? Error { get; init; }

    public IReadOnlyList<Artifact> Artifacts { get; init; } = [];
    public IReadOnlyDictionary<string, Metric> Metrics { get; init; } = new Dictionary<string, Metric>();
    public Phases Phases { get; init; } = new();

    /// <summary>Which task and version graded this submission.</summary>
    public string? Task { get; init; }
    public int? TaskVersion { get; init; }

    [JsonIgnore]
    public bool IsPlatformError => Error is not null;

    /// <summary>The bytes of <see cref="Artifacts"/>, by the same paths; stored or written out by whoever keeps the result.</summary>
    [JsonIgnore]
    public IReadOnlyList<Sandbox.SandboxFile> ArtifactFiles { get; init; } = [];
}

/// <summary>One test case. <see cref="Status"/> is Gradescope's passed/failed; <see cref="Verdict"/> says why.</summary>
public sealed record TestResult
{
    public required string Name { get; init; }
    public string? Number { get; init; }
    public double Score { get; init; }
    public double MaxScore { get; init; }

    /// <summary><c>passed</c> or <c>failed</c>.</summary>
    public string Status => Verdict == TestVerdict.AC ? "passed" : "failed";

    /// <summary>What was run and, for a failure, what differed or went wrong.</summary>
    public string Output { get; init; } = "";
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>visible</c>, <c>hidden</c>, <c>after_due_date</c> or <c>after_published</c>.</summary>
    public string Visibility { get; init; } = "visible";

    [JsonConverter(typeof(JsonStringEnumConverter<TestVerdict>))]
    public TestVerdict Verdict { get; init; }
    public long TimeMs { get; init; }
    public long MemoryKb { get; init; }
    public string Group { get; init; } = "";
}

/// <summary>Gradescope's leaderboard entry; <see cref="Order"/> is <c>asc</c> or <c>desc</c>.</summary>
public sealed record LeaderboardEntry(string Name, double Value, string Order = "desc");

/// <summary>A file produced by grading for reviewers (screenshot, plot, log); <see cref="Path"/> is relative to the result's artifact folder.</summary>
public sealed record Artifact(string Name, string MediaType, string Path);

/// <summary>
/// A measured value with an optional 95% confidence interval, and the test that measured it (so that
/// what is shown to applicants can follow that test's visibility).
/// </summary>
public sealed record Metric(double Value, string Unit, double? CiLow = null, double? CiHigh = null, string? Test = null);

/// <summary>When each phase was reached; null for phases that did not happen.</summary>
public sealed record Phases
{
    public DateTimeOffset? Queued { get; init; }
    public DateTimeOffset? Started { get; init; }
    public DateTimeOffset? Built { get; init; }
    public DateTimeOffset? Tested { get; init; }
    public DateTimeOffset? Finished { get; init; }
}

namespace Intern.Grading.Checking;

/// <summary>
/// A checker as a task's <c>task.yaml</c> declares it.
/// </summary>
/// <remarks>
/// <see cref="Type"/> is one of <see cref="Types"/>:
/// <c>exact</c> (bytes, after CRLF to LF and ignoring newlines at the very end),
/// <c>tokens</c> (whitespace-separated tokens), <c>float</c> (tokens, numbers within tolerance),
/// <c>csv</c> (rows and cells, numeric cells within tolerance, header row exact),
/// <c>json</c> (structural, key order ignored, numbers within tolerance), or
/// <c>program</c> (a trusted checker run in its own container from <see cref="Command"/> and
/// <see cref="Image"/>). A number is accepted when |actual - expected| &lt;= <see cref="AbsoluteTolerance"/>
/// or |actual - expected| &lt;= <see cref="RelativeTolerance"/> * |expected|.
/// </remarks>
public sealed record CheckerSpec
{
    public static readonly IReadOnlyList<string> Types = ["exact", "tokens", "float", "csv", "json", "program"];

    public static CheckerSpec Exact { get; } = new() { Type = "exact" };

    public static CheckerSpec Tokens { get; } = new() { Type = "tokens" };

    /// <summary>One of <see cref="Types"/>, compared case-insensitively.</summary>
    public string Type { get; init; } = "exact";

    public double AbsoluteTolerance { get; init; } = 1e-9;

    public double RelativeTolerance { get; init; } = 1e-9;

    /// <summary>For <c>program</c> checkers: the command as an argument array, never a shell string.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>For <c>program</c> checkers: the image to run in; null means the task's default image.</summary>
    public string? Image { get; init; }
}

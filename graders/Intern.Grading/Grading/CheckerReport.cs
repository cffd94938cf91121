using System.Text.Json;
using Intern.Grading.Checking;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Grading;

/// <summary>What a checker program said about one case (see docs/task-packages.md for the JSON).</summary>
public sealed record CheckerReport(CheckOutcome Outcome)
{
    /// <summary>The checker found a forbidden construct: the case's verdict is SV.</summary>
    public bool Violation { get; init; }
    public IReadOnlyDictionary<string, Metric> Metrics { get; init; } = new Dictionary<string, Metric>();
    public IReadOnlyList<LeaderboardEntry> Leaderboard { get; init; } = [];

    /// <summary>Artifacts the checker declared, with paths relative to its artifact folder.</summary>
    public IReadOnlyList<Artifact> Artifacts { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Wire(double? Score, string? Message, string? Verdict, Dictionary<string, Metric>? Metrics,
        List<LeaderboardEntry>? Leaderboard, List<Artifact>? Artifacts);

    /// <summary>Parses a checker's stdout; anything malformed is the task's bug, so it throws <see cref="SandboxException"/>.</summary>
    public static CheckerReport Parse(ReadOnlySpan<byte> stdout)
    {
        Wire wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(stdout, Json) ?? throw new JsonException("null");
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new SandboxException("The task's checker did not print {\"score\": ..., \"message\": ...}: " + e.Message, e);
        }
        if (wire.Score is not { } score || double.IsNaN(score) || score < 0 || score > 1)
            throw new SandboxException($"The task's checker gave no score in 0..1 (got {wire.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}).");
        var violation = wire.Verdict switch
        {
            null or "AC" or "PA" or "WA" => false,
            "SV" => true,
            _ => throw new SandboxException($"The task's checker gave an unknown verdict '{wire.Verdict}'; it may give AC, PA, WA or SV."),
        };
        var verdict = wire.Verdict switch
        {
            "AC" => CheckVerdict.AC,
            "PA" => CheckVerdict.PA,
            "WA" or "SV" => CheckVerdict.WA,
            _ => score >= 1 ? CheckVerdict.AC : score > 0 ? CheckVerdict.PA : CheckVerdict.WA,
        };
        if (Incomplete(wire) is { } missing)
            throw new SandboxException($"The task's checker printed {missing}.");
        if (wire.Artifacts?.FirstOrDefault(a => SandboxPath.Normalize(a.Path) is null) is { } bad)
            throw new SandboxException($"The task's checker named an artifact outside its folder: '{bad.Path}'.");
        return new CheckerReport(new CheckOutcome(violation ? 0 : score, verdict, wire.Message ?? ""))
        {
            Violation = violation,
            Metrics = wire.Metrics ?? [],
            Leaderboard = wire.Leaderboard ?? [],
            Artifacts = wire.Artifacts ?? [],
        };
    }

    // The serializer leaves absent fields null despite the records' non-nullable types; letting them through
    // would crash later with a NullReferenceException that tells the task's author nothing.
    private static string? Incomplete(Wire wire)
    {
        if (wire.Metrics?.FirstOrDefault(m => m.Value?.Unit is null) is { Key: { } name })
            return $"the metric '{name}' without a unit (each metric needs a value and a unit)";
        if (wire.Leaderboard?.Any(e => e?.Name is null || e.Order is null) == true)
            return "a leaderboard entry without a name or with a null order";
        if (wire.Artifacts?.Any(a => a?.Name is null || a.MediaType is null || a.Path is null) == true)
            return "an artifact without a name, media_type and path";
        return null;
    }
}

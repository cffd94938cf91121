using Intern.Grading.Results;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Grading;

/// <summary>What checkers reported beyond scores, gathered over a grading: metrics, leaderboard, artifacts.</summary>
internal sealed class CaseEvidence
{
    private readonly Dictionary<string, Metric> _metrics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeaderboardEntry> _leaderboard = new(StringComparer.Ordinal);
    private readonly List<Artifact> _artifacts = [];
    private readonly List<SandboxFile> _artifactFiles = [];

    public IReadOnlyDictionary<string, Metric> Metrics => _metrics;
    public IReadOnlyList<LeaderboardEntry> Leaderboard => [.. _leaderboard.Values];
    public IReadOnlyList<Artifact> Artifacts => _artifacts;
    public IReadOnlyList<SandboxFile> ArtifactFiles => _artifactFiles;

    public void AddMetric(string name, Metric metric) => _metrics[name] = metric;

    /// <summary>Adds one artifact of a test; its path is kept under the test's name, like a checker's.</summary>
    public void AddArtifact(string testName, Artifact artifact, SandboxFile file)
    {
        var path = testName + "/" + file.Path;
        _artifacts.Add(artifact with { Path = path });
        _artifactFiles.Add(file with { Path = path });
    }

    /// <summary>Adds a checker's report; a later case's metric or leaderboard entry of the same name wins.</summary>
    public void Add(string testName, CheckerReport report, IReadOnlyList<SandboxFile> files)
    {
        foreach (var (name, metric) in report.Metrics)
            _metrics[name] = metric with { Test = testName };
        foreach (var entry in report.Leaderboard)
            _leaderboard[entry.Name] = entry;
        foreach (var (artifact, file) in report.Artifacts.Zip(files))
        {
            // Artifacts are kept per test, so two cases may each write "plot.png".
            var path = testName + "/" + file.Path;
            _artifacts.Add(artifact with { Path = path });
            _artifactFiles.Add(file with { Path = path });
        }
    }
}

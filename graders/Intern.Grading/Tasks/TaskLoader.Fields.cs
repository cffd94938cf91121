using System.Text.RegularExpressions;
using Intern.Grading.Sandbox;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

public static partial class TaskLoader
{
    private static readonly string[] ScoringKeys = ["auto", "review"];
    private static readonly string[] DeadlineKeys = ["late_penalty_percent_per_day", "grace"];

    private static string? Matching(YamlReader r, YamlNode node, string field, Regex pattern, string expected)
    {
        if (r.Text(node, field) is not { } text)
            return null;
        if (pattern.IsMatch(text))
            return text;
        r.Expected(node, field, expected);
        return null;
    }

    private static string? Image(YamlReader r, YamlNode node, string field) =>
        Matching(r, node, field, ImagePattern(), "a container image name such as intern/python");

    private static List<string>? Languages(YamlReader r, YamlNode node)
    {
        var items = r.Sequence(node, "languages", nonEmpty: true);
        if (items is null)
            return null;
        var languages = new List<string>();
        foreach (var (item, field) in items)
        {
            if (r.Choice(item, field, KnownLanguages.ToList()) is not { } language)
                continue;
            if (languages.Contains(language))
                r.Report(item, field, $"\"{language}\" is listed twice");
            else
                languages.Add(language);
        }
        return languages.Count == items.Count ? languages : null;
    }

    /// <summary>Paths relative to a root the candidate controls, so absolute paths and '..' are refused.</summary>
    private static List<string>? RelativePaths(YamlReader r, YamlNode node, string field)
    {
        var items = r.Sequence(node, field, nonEmpty: false);
        if (items is null)
            return null;
        var paths = new List<string>();
        foreach (var (item, itemField) in items)
        {
            if (r.Text(item, itemField) is not { } text)
                continue;
            if (SandboxPath.Normalize(text) is { } path)
                paths.Add(path);
            else
                r.Report(item, itemField, $"must be a relative path without '..' (got \"{text}\")");
        }
        return paths.Count == items.Count ? paths : null;
    }

    private static ScoringWeights Scoring(YamlReader r, YamlNode? node)
    {
        var defaults = new ScoringWeights();
        if (node is null || r.Mapping(node, "scoring", ScoringKeys) is not { } m)
            return defaults;
        var auto = r.Required(m, "auto") is { } a ? Weight(r, a, m.Field("auto")) : null;
        var review = r.Required(m, "review") is { } v ? Weight(r, v, m.Field("review")) : null;
        if (auto is null || review is null)
            return defaults;
        if (auto + review <= 0)
            r.Report(m.Line, "scoring", "auto + review must be greater than 0");
        return new ScoringWeights { Auto = auto.Value, Review = review.Value };
    }

    private static double? Weight(YamlReader r, YamlNode node, string field) =>
        r.Number(node, field, x => x >= 0, "a non-negative number");

    private static DeadlinePolicy Deadline(YamlReader r, YamlNode? node)
    {
        var policy = new DeadlinePolicy();
        if (node is null || r.Mapping(node, "deadline", DeadlineKeys) is not { } m)
            return policy;
        const string PenaltyKey = "late_penalty_percent_per_day";
        if (m[PenaltyKey] is { } p && r.Number(p, m.Field(PenaltyKey), x => x is >= 0 and <= 100, "a number from 0 to 100") is { } penalty)
            policy = policy with { LatePenaltyPercentPerDay = penalty };
        if (m["grace"] is { } g && r.Duration(g, m.Field("grace"), allowZero: true) is { } grace)
            policy = policy with { Grace = grace };
        return policy;
    }
}

using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>
/// Reads and validates <c>rubric.yaml</c>, reporting every problem like <see cref="TaskLoader"/> does:
/// <code>
/// criteria:                      # required, non-empty, ids unique
///   - id: design                 # ^[a-z0-9][a-z0-9_-]*$
///     title: "Report: design"    # required
///     points: 20                 # required, > 0
///     levels:                    # required, non-empty: distinct points from 0 to the criterion's points,
///       - points: 20             #   the best one worth exactly the criterion's points
///         description: ...       # required
///     evidence:                  # optional: auto-graded results shown beside the criterion
///       groups: [correctness]    #   test groups of task.yaml
///       metrics: [gflops]        #   keys of the results' metrics
/// </code>
/// </summary>
public static partial class RubricLoader
{
    private static readonly string[] Keys = ["criteria"];
    private static readonly string[] CriterionKeys = ["id", "title", "points", "levels", "evidence"];
    private static readonly string[] EvidenceKeys = ["groups", "metrics"];
    private static readonly string[] LevelKeys = ["points", "description"];

    /// <summary>The package's rubric, or null when it has no rubric.yaml.</summary>
    public static Rubric? Load(string taskDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(taskDirectory), Rubric.FileName);
        if (!File.Exists(path))
            return null;
        var reader = new YamlReader(Rubric.FileName);
        var rubric = reader.LoadDocument(path) is { } root ? Read(reader, root) : null;
        if (rubric is null || reader.Problems.Count > 0)
            throw new TaskValidationException(taskDirectory, reader.Problems);
        return rubric;
    }

    private static Rubric? Read(YamlReader r, YamlNode root)
    {
        if (r.Mapping(root, "", Keys) is not { } m || r.Required(m, "criteria") is not { } node || r.Sequence(node, "criteria", nonEmpty: true) is not { } items)
            return null;
        var criteria = items.Select(item => Criterion(r, item.Node, item.Field)).ToList();
        foreach (var duplicate in criteria.OfType<RubricCriterion>().GroupBy(c => c.Id).Where(g => g.Count() > 1))
            r.Report(m.KeyLine("criteria"), "criteria", $"id \"{duplicate.Key}\" is used {duplicate.Count()} times; ids must be unique");
        return criteria.Contains(null) ? null : new Rubric([.. criteria.OfType<RubricCriterion>()]);
    }

    private static RubricCriterion? Criterion(YamlReader r, YamlNode node, string field)
    {
        if (r.Mapping(node, field, CriterionKeys) is not { } m)
            return null;
        var id = r.Required(m, "id") is { } i ? r.Text(i, m.Field("id")) : null;
        if (id is not null && !IdPattern().IsMatch(id))
        {
            r.Report(m.KeyLine("id"), m.Field("id"), $"must be lower-case letters, digits, '-' or '_' (got \"{id}\")");
            id = null;
        }
        var title = r.Required(m, "title") is { } t ? r.Text(t, m.Field("title")) : null;
        var points = r.Required(m, "points") is { } p ? r.Number(p, m.Field("points"), v => v > 0, "a number greater than 0") : null;
        var levels = r.Required(m, "levels") is { } l && r.Sequence(l, m.Field("levels"), nonEmpty: true) is { } items
            ? items.Select(item => Level(r, item.Node, item.Field)).ToList()
            : null;
        var evidence = m["evidence"] is { } e ? Evidence(r, e, m.Field("evidence")) : null;
        if (id is null || title is null || points is null || levels is null || levels.Contains(null) || (m.Has("evidence") && evidence is null))
            return null;
        var ordered = levels.OfType<RubricLevel>().OrderByDescending(v => v.Points).ToList();
        if (ordered[0].Points != points)
            r.Report(m.KeyLine("levels"), m.Field("levels"), $"the best level must be worth the criterion's {points} points (got {ordered[0].Points})");
        if (ordered.Any(v => v.Points < 0 || v.Points > points))
            r.Report(m.KeyLine("levels"), m.Field("levels"), $"level points must lie between 0 and {points}");
        if (ordered.Select(v => v.Points).Distinct().Count() != ordered.Count)
            r.Report(m.KeyLine("levels"), m.Field("levels"), "two levels are worth the same points");
        return new RubricCriterion(id, title.Trim(), points.Value, ordered) { Evidence = evidence };
    }

    private static RubricEvidence? Evidence(YamlReader r, YamlNode node, string field)
    {
        if (r.Mapping(node, field, EvidenceKeys) is not { } m)
            return null;
        var groups = m["groups"] is { } g ? r.Strings(g, m.Field("groups"), nonEmpty: true) : [];
        var metrics = m["metrics"] is { } x ? r.Strings(x, m.Field("metrics"), nonEmpty: true) : [];
        if (groups is null || metrics is null)
            return null;
        if (groups.Count + metrics.Count == 0)
        {
            r.Report(m.Line, field, "names no groups and no metrics");
            return null;
        }
        return new RubricEvidence(groups, metrics);
    }

    /// <summary>Problems with what the rubric's evidence names, given the task's test groups.</summary>
    public static IReadOnlyList<string> CheckEvidence(Rubric rubric, IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(rubric);
        var known = groups.ToHashSet(StringComparer.Ordinal);
        return [.. rubric.Criteria.SelectMany(c => (c.Evidence?.Groups ?? []).Where(g => !known.Contains(g))
            .Select(g => $"criterion \"{c.Id}\": evidence names the group \"{g}\", which task.yaml does not have (groups: {string.Join(", ", known.Order(StringComparer.Ordinal))})"))];
    }

    private static RubricLevel? Level(YamlReader r, YamlNode node, string field)
    {
        if (r.Mapping(node, field, LevelKeys) is not { } m)
            return null;
        var points = r.Required(m, "points") is { } p ? r.Number(p, m.Field("points"), v => v >= 0, "a number, 0 or more") : null;
        var description = r.Required(m, "description") is { } d ? r.Text(d, m.Field("description")) : null;
        return points is null || description is null ? null : new RubricLevel(points.Value, description.Trim());
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

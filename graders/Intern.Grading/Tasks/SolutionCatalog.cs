using Intern.Grading.Results;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>
/// Finds a package's reference solutions: each folder under <c>solutions/</c> is a submission with an
/// <c>expect.yaml</c>. Callers must leave <see cref="ExpectFileName"/> out of the submitted files.
/// <code>
/// score: 100            # or [0, 40]: an inclusive range of auto points (out of the sum of group weights)
/// verdicts: [TLE, WA]   # optional: each must appear on at least one test
/// gradable: false       # optional: the submission must be refused as not gradable (then no score or verdicts)
/// based_on: reference   # optional: this folder holds only what differs from that sibling (itself complete)
/// </code>
/// </summary>
public static class SolutionCatalog
{
    public const string FolderName = "solutions";
    public const string ExpectFileName = "expect.yaml";

    private static readonly string[] Keys = ["score", "verdicts", "gradable", "based_on"];
    private static readonly string[] GradedOnlyKeys = ["score", "verdicts"];

    /// <summary>Solutions ordered by label; none when the package has no solutions folder. Throws <see cref="TaskValidationException"/> listing every bad expect.yaml.</summary>
    public static IReadOnlyList<ReferenceSolution> Load(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var root = Path.Combine(task.Directory, FolderName);
        if (!Directory.Exists(root))
            return [];
        var solutions = new List<ReferenceSolution>();
        var problems = new List<TaskProblem>();
        var folders = Directory.EnumerateDirectories(root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(NaturalOrder.Instance);
        foreach (var folder in folders)
        {
            var label = Path.GetFileName(folder);
            var file = $"{FolderName}/{label}/{ExpectFileName}";
            var reader = new YamlReader(file);
            var path = Path.Combine(folder, ExpectFileName);
            if (!File.Exists(path))
                reader.Report(0, "", "file not found: every solution states what it must score");
            else if (reader.LoadDocument(path) is { } node && Read(reader, node, task.MaxAutoScore) is { } expect)
                solutions.Add(new ReferenceSolution(label, folder, expect));
            problems.AddRange(reader.Problems);
        }
        var labels = solutions.ToDictionary(s => s.Label, StringComparer.Ordinal);
        for (var i = 0; i < solutions.Count; i++)
        {
            if (solutions[i].Expect.BasedOn is not { } basis)
                continue;
            var file = $"{FolderName}/{solutions[i].Label}/{ExpectFileName}";
            if (!labels.TryGetValue(basis, out var sibling))
                problems.Add(new TaskProblem(file, 0, "based_on", $"names no solution of this package: \"{basis}\""));
            else if (sibling.Expect.BasedOn is not null || sibling == solutions[i])
                problems.Add(new TaskProblem(file, 0, "based_on", $"must name a complete solution; \"{basis}\" is itself based on another"));
            else
                solutions[i] = solutions[i] with { BasedOn = sibling.Directory };
        }
        if (problems.Count > 0)
            throw new TaskValidationException(task.Directory, problems);
        return solutions;
    }

    internal static SolutionExpectation? Read(YamlReader r, YamlNode root, double maxScore)
    {
        if (r.Mapping(root, "", Keys) is not { } m)
            return null;
        var gradable = m["gradable"] is { } g ? r.Boolean(g, "gradable") : true;
        var basedOn = m["based_on"] is { } b ? r.Text(b, "based_on", "the label of a sibling solution") : null;
        if (gradable is null || (m.Has("based_on") && basedOn is null))
            return null;
        if (gradable == false)
        {
            foreach (var key in GradedOnlyKeys.Where(m.Has))
                r.Report(m.KeyLine(key), key, "does not apply when gradable is false");
            return r.Problems.Count == 0 ? new SolutionExpectation { Gradable = false, BasedOn = basedOn } : null;
        }
        var range = r.Required(m, "score") is { } s ? Score(r, s, maxScore) : null;
        var verdicts = m["verdicts"] is { } v ? Verdicts(r, v) : [];
        if (range is null || verdicts is null)
            return null;
        return new SolutionExpectation { MinScore = range.Value.Min, MaxScore = range.Value.Max, Verdicts = verdicts, BasedOn = basedOn };
    }

    private static (double Min, double Max)? Score(YamlReader r, YamlNode node, double maxScore)
    {
        var expected = $"a number from 0 to {maxScore} (the sum of group weights)";
        if (node is not YamlSequenceNode)
            return r.Number(node, "score", x => x >= 0 && x <= maxScore, expected) is { } exact ? (exact, exact) : null;
        var items = r.Sequence(node, "score", nonEmpty: true);
        if (items is not { Count: 2 })
        {
            r.Expected(node, "score", "a number or an inclusive range [min, max]");
            return null;
        }
        var min = r.Number(items[0].Node, items[0].Field, x => x >= 0 && x <= maxScore, expected);
        var max = r.Number(items[1].Node, items[1].Field, x => x >= 0 && x <= maxScore, expected);
        if (min is null || max is null)
            return null;
        if (min > max)
        {
            r.Report(node, "score", $"the range [{min}, {max}] is empty: min must not exceed max");
            return null;
        }
        return (min.Value, max.Value);
    }

    private static List<TestVerdict>? Verdicts(YamlReader r, YamlNode node)
    {
        var items = r.Sequence(node, "verdicts", nonEmpty: true);
        if (items is null)
            return null;
        var names = Enum.GetNames<TestVerdict>();
        var verdicts = items.Select(item => r.Choice(item.Node, item.Field, names)).ToList();
        return verdicts.Contains(null) ? null : verdicts.OfType<string>().Distinct().Select(Enum.Parse<TestVerdict>).ToList();
    }
}

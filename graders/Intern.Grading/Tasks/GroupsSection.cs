using System.Text.RegularExpressions;
using Intern.Grading.Checking;
using Intern.Grading.Sandbox;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>Reads the <c>groups</c> list of task.yaml.</summary>
internal static partial class GroupsSection
{
    private static readonly string[] Keys = ["name", "visibility", "weight", "tests", "generator", "checker", "limits", "timing", "command", "serve"];
    private static readonly string[] TimingKeys = ["reference", "full_within", "none_beyond"];
    private static readonly string[] GeneratorKeys = ["command", "seed", "count"];

    /// <summary>What a group inherits from the task.</summary>
    public sealed record Inherited(string PackageDirectory, CheckerSpec Checker, RunLimits Limits, string TrustedImage);

    public static IReadOnlyList<TestGroupDefinition> Read(YamlReader r, YamlNode node, Inherited inherited)
    {
        var groups = new List<TestGroupDefinition>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, field) in r.Sequence(node, "groups", nonEmpty: true) ?? [])
        {
            if (r.Mapping(item, field, Keys) is not { } m)
                continue;
            var name = r.Required(m, "name") is { } n ? Name(r, n, m.Field("name"), seen) : null;
            var visibility = r.Required(m, "visibility") is { } v ? Visibility(r, v, m.Field("visibility")) : null;
            var weight = r.Required(m, "weight") is { } w ? r.Number(w, m.Field("weight"), x => x > 0, "a number greater than 0") : null;
            var checker = m["checker"] is { } c ? CheckerSection.Read(r, c, m.Field("checker"), inherited.TrustedImage) : inherited.Checker;
            var limits = StageSection.Limits(r, m["limits"], m.Field("limits"), inherited.Limits);
            var (tests, generator, sourceValid) = Source(r, m, inherited.PackageDirectory);
            var timing = m["timing"] is { } t ? Timing(r, t, m.Field("timing"), inherited.PackageDirectory) : null;
            var command = m["command"] is { } cmd ? r.Strings(cmd, m.Field("command"), nonEmpty: true) : null;
            var serve = m["serve"] is { } sv ? ServeSection.Read(r, sv, m.Field("serve")) : null;
            if (serve is not null && !ServableWith(r, m, checker, timing))
                serve = null;
            if (name is null || visibility is null || weight is null || checker is null || !sourceValid || (m.Has("timing") && timing is null)
                || (m.Has("command") && command is null) || (m.Has("serve") && serve is null))
                continue;
            groups.Add(new TestGroupDefinition
            {
                Name = name,
                Visibility = visibility.Value,
                Weight = weight.Value,
                TestsDirectory = tests,
                Generator = generator,
                Checker = checker,
                Limits = limits,
                Timing = timing,
                Command = command,
                Serve = serve,
            });
        }
        return groups;
    }

    // A served group is judged by a trusted program that drives the server; speed against a reference does not apply.
    private static bool ServableWith(YamlReader r, YamlMapping m, CheckerSpec? checker, TimingDefinition? timing)
    {
        if (checker is not null && !checker.Type.Equals("program", StringComparison.OrdinalIgnoreCase))
        {
            r.Report(m.KeyLine("serve"), m.Field("serve"), "needs a program checker (checker: {type: program, command: [...], image: ...}) to drive the server");
            return false;
        }
        if (timing is not null)
        {
            r.Report(m.KeyLine("serve"), m.Field("serve"), "cannot be combined with timing");
            return false;
        }
        return true;
    }

    private static TestVisibility? Visibility(YamlReader r, YamlNode node, string field) =>
        r.Choice(node, field, TestVisibilityNames.All) is { } name && TestVisibilityNames.TryParse(name, out var visibility)
            ? visibility
            : null;

    private static string? Name(YamlReader r, YamlNode node, string field, Dictionary<string, string> seen)
    {
        if (r.Text(node, field) is not { } name)
            return null;
        if (!NamePattern().IsMatch(name))
        {
            r.Expected(node, field, "lower-case letters, digits, '_' or '-', starting with a letter or digit");
            return null;
        }
        if (seen.TryGetValue(name, out var first))
        {
            r.Report(node, field, $"duplicate group name \"{name}\" (already used by {first})");
            return null;
        }
        seen[name] = field[..field.LastIndexOf('.')];
        return name;
    }

    private static (string? Tests, GeneratorDefinition? Generator, bool Valid) Source(YamlReader r, YamlMapping m, string packageDirectory)
    {
        var (testsNode, generatorNode) = (m["tests"], m["generator"]);
        if (testsNode is not null && generatorNode is not null)
        {
            r.Report(m.KeyLine("generator"), m.Path, "has both tests and generator; keep exactly one");
            return (null, null, false);
        }
        if (testsNode is not null)
        {
            var tests = TestsDirectory(r, testsNode, m.Field("tests"), packageDirectory);
            return (tests, null, tests is not null);
        }
        if (generatorNode is not null)
        {
            var generator = Generator(r, generatorNode, m.Field("generator"));
            return (null, generator, generator is not null);
        }
        r.Report(m.Line, m.Path, "needs either tests (a directory) or generator");
        return (null, null, false);
    }

    private static string? TestsDirectory(YamlReader r, YamlNode node, string field, string packageDirectory)
    {
        if (r.Text(node, field) is not { } text)
            return null;
        if (SandboxPath.Normalize(text) is not { } relative)
        {
            r.Report(node, field, $"must be a relative path inside the package, without '..' (got \"{text}\")");
            return null;
        }
        var full = Path.GetFullPath(Path.Combine(packageDirectory, relative));
        if (!Directory.Exists(full))
        {
            r.Report(node, field, $"directory {relative} does not exist in the package");
            return null;
        }
        var (_, problems) = TestCaseFiles.Scan(full);
        foreach (var (file, message) in problems)
            r.Report(node, field, file.Length == 0 ? $"{relative} {message}" : $"{relative}/{file} {message}");
        return problems.Count == 0 ? full : null;
    }

    private static TimingDefinition? Timing(YamlReader r, YamlNode node, string field, string packageDirectory)
    {
        if (r.Mapping(node, field, TimingKeys) is not { } m)
            return null;
        string? reference = null;
        if (r.Required(m, "reference") is { } refNode && r.Text(refNode, m.Field("reference")) is { } text)
        {
            var relative = SandboxPath.Normalize(text);
            var full = relative is null ? null : Path.GetFullPath(Path.Combine(packageDirectory, relative));
            if (full is null || !Directory.Exists(full))
                r.Report(refNode, m.Field("reference"), $"must name a solution folder of the package (got \"{text}\")");
            else
                reference = full;
        }
        var fullWithin = r.Required(m, "full_within") is { } f ? r.Number(f, m.Field("full_within"), x => x >= 1, "a ratio of at least 1") : null;
        var none = r.Required(m, "none_beyond") is { } n ? r.Number(n, m.Field("none_beyond"), x => x > 1, "a ratio greater than 1") : null;
        if (fullWithin is not null && none is not null && none <= fullWithin)
        {
            r.Report(m.Line, m.Field("none_beyond"), "must be greater than full_within");
            return null;
        }
        return reference is null || fullWithin is null || none is null ? null : new TimingDefinition(reference, fullWithin.Value, none.Value);
    }

    private static GeneratorDefinition? Generator(YamlReader r, YamlNode node, string field)
    {
        if (r.Mapping(node, field, GeneratorKeys) is not { } m)
            return null;
        var command = r.Required(m, "command") is { } c ? r.Strings(c, m.Field("command"), nonEmpty: true) : null;
        var count = r.Required(m, "count") is { } n ? r.Integer(n, m.Field("count"), 1, 1000, "an integer from 1 to 1000") : null;
        var seedNode = r.Required(m, "seed");
        var secret = seedNode is YamlScalarNode { Value: "secret" };
        var seed = seedNode is null || secret
            ? null
            : r.Integer(seedNode, m.Field("seed"), 0, long.MaxValue, "a non-negative integer or the word secret");
        if (command is null || count is null || seedNode is null || (!secret && seed is null))
            return null;
        return new GeneratorDefinition(command, seed, (int)count.Value);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

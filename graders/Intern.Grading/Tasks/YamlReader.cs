using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>
/// Reads typed values out of YAML nodes. A value that does not fit is recorded as a
/// <see cref="TaskProblem"/> and read as null instead of throwing, so that one pass reports every mistake.
/// </summary>
internal sealed partial class YamlReader(string file)
{
    private readonly List<TaskProblem> _problems = [];

    /// <summary>Problems in the order of the file, whatever order the sections were read in.</summary>
    public IReadOnlyList<TaskProblem> Problems => _problems.OrderBy(p => p.Line).ToList();

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    public void Report(int line, string field, string message) => _problems.Add(new TaskProblem(file, line, field, message));

    public void Report(YamlNode node, string field, string message) => Report(LineOf(node), field, message);

    /// <summary>Parses a single-document file; null (with a problem recorded) when it is not valid YAML or empty.</summary>
    public YamlNode? LoadDocument(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var text = File.OpenText(path);
            stream.Load(text);
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes its messages with the position, which TaskProblem already shows.
            var message = e.Message.StartsWith('(') && e.Message.Contains("): ", StringComparison.Ordinal)
                ? e.Message[(e.Message.IndexOf("): ", StringComparison.Ordinal) + 3)..]
                : e.Message;
            Report((int)e.Start.Line, "", $"invalid YAML: {message}");
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            Report(1, "", "the file is empty");
            return null;
        }
        if (stream.Documents.Count > 1)
            Report(stream.Documents[1].RootNode, "", "only one YAML document is allowed per file");
        return stream.Documents[0].RootNode;
    }

    public YamlMapping? Mapping(YamlNode node, string field, IReadOnlyCollection<string> knownKeys)
    {
        var entries = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        var misspelled = new HashSet<string>(StringComparer.Ordinal);
        if (IsNull(node))
            return new YamlMapping(field, LineOf(node), entries, misspelled);
        if (node is not YamlMappingNode mapping)
        {
            Expected(node, field, "a mapping of keys to values");
            return null;
        }
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                Report(key, field, "keys must be plain words");
                continue;
            }
            var keyField = field.Length == 0 ? name : $"{field}.{name}";
            if (knownKeys.Contains(name))
            {
                entries[name] = (key, value);
                continue;
            }
            var meant = Suggestion.Closest(name, knownKeys);
            var hint = meant is null ? "" : $"; did you mean \"{meant}\"?";
            Report(key, keyField, $"unknown key{hint} (known keys: {string.Join(", ", knownKeys)})");
            if (meant is not null)
                misspelled.Add(meant);
        }
        return new YamlMapping(field, LineOf(node), entries, misspelled);
    }

    public YamlNode? Required(YamlMapping mapping, string key)
    {
        if (mapping[key] is { } node)
            return node;
        // "wieght: 1" already got "did you mean weight"; a second "weight is required" would only be noise.
        if (!mapping.IsMisspelled(key))
            Report(mapping.Line, mapping.Field(key), "is required");
        return null;
    }

    public IReadOnlyList<(YamlNode Node, string Field)>? Sequence(YamlNode node, string field, bool nonEmpty)
    {
        if (node is not YamlSequenceNode sequence || (nonEmpty && sequence.Children.Count == 0))
        {
            Expected(node, field, nonEmpty ? "a non-empty list" : "a list");
            return null;
        }
        return sequence.Children.Select((item, i) => (item, $"{field}[{i}]")).ToList();
    }

    public string? Text(YamlNode node, string field, string expected = "a non-empty string")
    {
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node) && value.Trim().Length > 0)
            return value;
        Expected(node, field, expected);
        return null;
    }

    /// <summary>A list of non-empty strings; a bare string is refused so that commands stay argument vectors.</summary>
    public IReadOnlyList<string>? Strings(YamlNode node, string field, bool nonEmpty)
    {
        var items = Sequence(node, field, nonEmpty);
        if (items is null)
            return null;
        var values = items.Select(item => Text(item.Node, item.Field)).ToList();
        return values.Contains(null) ? null : values.OfType<string>().ToList();
    }

    public string? Choice(YamlNode node, string field, IReadOnlyCollection<string> options)
    {
        if (node is YamlScalarNode { Value: { } value } && options.Contains(value))
            return value;
        var hint = node is YamlScalarNode { Value: { Length: > 0 } typed } ? Suggestion.DidYouMean(typed, options) : "";
        Report(node, field, $"must be one of {string.Join(", ", options)} (got {Show(node)}){hint}");
        return null;
    }

    public long? Integer(YamlNode node, string field, long min, long max, string expected)
    {
        if (Plain(node) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
            return value;
        ExpectedPlain(node, field, expected);
        return null;
    }

    public double? Number(YamlNode node, string field, Func<double, bool> accept, string expected)
    {
        if (Plain(node) is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && accept(value))
            return value;
        ExpectedPlain(node, field, expected);
        return null;
    }

    public bool? Boolean(YamlNode node, string field)
    {
        var text = Plain(node);
        if (text is "true" or "false")
            return text == "true";
        ExpectedPlain(node, field, "true or false");
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string field, bool allowZero)
    {
        if (Plain(node) is { } text && Quantity.TryParseDuration(text, out var value) && (allowZero || value > TimeSpan.Zero))
            return value;
        ExpectedPlain(node, field, allowZero ? Quantity.DurationForms : Quantity.DurationForms + ", greater than 0");
        return null;
    }

    public long? Size(YamlNode node, string field)
    {
        if (Plain(node) is { } text && Quantity.TryParseSize(text, out var value) && value > 0)
            return value;
        var hint = node is YamlScalarNode { Value: { } typed } && DecimalUnit().IsMatch(typed) ? "; sizes use binary units: KiB, MiB, GiB" : "";
        ExpectedPlain(node, field, Quantity.SizeForms + ", greater than 0", hint);
        return null;
    }

    public void Expected(YamlNode node, string field, string expected) =>
        Report(node, field, $"must be {expected} (got {Show(node)})");

    // Numbers, booleans, durations and sizes are never quoted; saying so saves a puzzled look at (got "3").
    private void ExpectedPlain(YamlNode node, string field, string expected, string hint = "")
    {
        var quoted = node is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted };
        Report(node, field, $"must be {expected} (got {Show(node)}{(quoted ? " in quotes; write it without quotes" : "")}){hint}");
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    // "30" in quotes is a string in YAML; reading it as a number would make quoting meaningless.
    private static string? Plain(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: { } value } && !IsNull(node) ? value : null;

    private static string Show(YamlNode node) => node switch
    {
        YamlMappingNode { Children.Count: 0 } => "an empty mapping",
        YamlMappingNode => "a mapping",
        YamlSequenceNode { Children.Count: 0 } => "an empty list",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode { Value: { } value } => $"\"{(value.Length > 60 ? value[..57] + "..." : value)}\"",
        _ => "an unsupported node",
    };

    [GeneratedRegex("^[0-9]+ ?(k|K|M|G|T)B?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalUnit();
}

using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>Reads a group's <c>serve</c> mapping (see <see cref="ServeDefinition"/>).</summary>
internal static partial class ServeSection
{
    private static readonly string[] Keys = ["args", "port", "phases", "steps", "optional_exit"];
    private static readonly string[] StepKeys = ["name", "weight"];

    public static ServeDefinition? Read(YamlReader r, YamlNode node, string field)
    {
        if (r.Mapping(node, field, Keys) is not { } m)
            return null;
        var args = m["args"] is { } a ? r.Strings(a, m.Field("args"), nonEmpty: false) : [];
        var port = m["port"] is { } p ? r.Integer(p, m.Field("port"), 1024, 65535, "a port from 1024 to 65535") : 8000;
        var phases = m["phases"] is { } n ? r.Integer(n, m.Field("phases"), 1, 5, "an integer from 1 to 5") : 1;
        var steps = r.Required(m, "steps") is { } s ? Steps(r, s, m.Field("steps")) : null;
        // 0 would make a server that simply returns "absent", and codes from 126 up are the shell's and the signals'.
        var optional = m["optional_exit"] is { } o ? r.Integer(o, m.Field("optional_exit"), 1, 125, "an exit code from 1 to 125") : null;
        if (args is null || port is null || phases is null || steps is null || (m.Has("optional_exit") && optional is null))
            return null;
        return new ServeDefinition(args, (int)port.Value, (int)phases.Value, steps) { OptionalExit = (int?)optional };
    }

    private static List<ServedStep>? Steps(YamlReader r, YamlNode node, string field)
    {
        var steps = new List<ServedStep>();
        var valid = true;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, itemField) in r.Sequence(node, field, nonEmpty: true) ?? [])
        {
            if (r.Mapping(item, itemField, StepKeys) is not { } m)
            {
                valid = false;
                continue;
            }
            var name = r.Required(m, "name") is { } n ? r.Text(n, m.Field("name")) : null;
            var weight = r.Required(m, "weight") is { } w ? r.Number(w, m.Field("weight"), x => x > 0, "a number greater than 0") : null;
            if (name is not null && !NamePattern().IsMatch(name))
            {
                r.Expected(m["name"]!, m.Field("name"), "lower-case letters, digits, '_' or '-', starting with a letter or digit");
                name = null;
            }
            else if (name is not null && !names.Add(name))
            {
                r.Report(m["name"]!, m.Field("name"), $"duplicate step name \"{name}\"");
                name = null;
            }
            if (name is null || weight is null)
                valid = false;
            else
                steps.Add(new ServedStep(name, weight.Value));
        }
        return valid && steps.Count > 0 ? steps : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

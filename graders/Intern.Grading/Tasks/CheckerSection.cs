using Intern.Grading.Checking;
using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>
/// Reads a <c>checker</c>: a type name (<c>tokens</c>) or a mapping with options
/// (<c>{type: float, abs: 1e-6}</c>, <c>{type: program, command: [...]}</c>).
/// </summary>
internal static class CheckerSection
{
    private static readonly string[] Keys = ["type", "abs", "rel", "command", "image"];
    private static readonly string[] TolerantTypes = ["float", "json", "csv"];

    public static CheckerSpec Default => Builtin("tokens");

    // Null when the checker is invalid (the problems are recorded). A program checker that names
    // no image runs in trustedImage, the task's checker_image.
    public static CheckerSpec? Read(YamlReader r, YamlNode node, string field, string trustedImage)
    {
        if (node is YamlScalarNode)
        {
            if (r.Choice(node, field, CheckerSpec.Types) is not { } name)
                return null;
            if (name != "program")
                return Builtin(name);
            r.Report(node, field, "a program checker needs a mapping with its command, e.g. {type: program, command: [python3, checker/check.py]}");
            return null;
        }
        if (r.Mapping(node, field, Keys) is not { } m)
            return null;
        if (r.Required(m, "type") is not { } typeNode || r.Choice(typeNode, m.Field("type"), CheckerSpec.Types) is not { } type)
            return null;

        var tolerant = TolerantTypes.Contains(type);
        var valid = Allowed(r, m, "abs", tolerant, "float, json and csv", type)
            & Allowed(r, m, "rel", tolerant, "float, json and csv", type)
            & Allowed(r, m, "command", type == "program", "program", type)
            & Allowed(r, m, "image", type == "program", "program", type);
        var spec = Builtin(type);
        if (tolerant)
        {
            var abs = m["abs"] is { } a ? Tolerance(r, a, m.Field("abs")) : spec.AbsoluteTolerance;
            var rel = m["rel"] is { } b ? Tolerance(r, b, m.Field("rel")) : spec.RelativeTolerance;
            valid &= abs is not null && rel is not null;
            spec = spec with { AbsoluteTolerance = abs ?? 0, RelativeTolerance = rel ?? 0 };
        }
        if (type == "program")
        {
            var command = r.Required(m, "command") is { } c ? r.Strings(c, m.Field("command"), nonEmpty: true) : null;
            var image = m["image"] is { } i ? r.Text(i, m.Field("image")) : trustedImage;
            valid &= command is not null && image is not null;
            spec = spec with { Command = command ?? [], Image = image };
        }
        return valid ? spec : null;
    }

    private static CheckerSpec Builtin(string type) => new() { Type = type, Command = [], Image = null };

    private static bool Allowed(YamlReader r, YamlMapping m, string key, bool allowed, string kinds, string type)
    {
        if (!m.Has(key) || allowed)
            return true;
        r.Report(m.KeyLine(key), m.Field(key), $"only applies to {kinds} checkers, not {type}");
        return false;
    }

    private static double? Tolerance(YamlReader r, YamlNode node, string field) =>
        r.Number(node, field, v => v >= 0, "a non-negative number such as 1e-6");
}

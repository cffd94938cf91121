using System.Text;
using System.Text.Json;

namespace Intern.Grading.Checking;

// Finds the first difference in document order of the expected value. The path is kept as a stack
// and only rendered when a difference is found, so matching documents cost no string per node.
internal sealed class JsonDifference(NumericTolerance tolerance)
{
    private readonly List<(string? Key, int Index)> _path = [];

    public string? Find(JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind != actual.ValueKind)
            return At($"expected {Describe(expected)}, got {Describe(actual)}");
        return expected.ValueKind switch
        {
            JsonValueKind.Object => FindInObject(expected, actual),
            JsonValueKind.Array => FindInArray(expected, actual),
            JsonValueKind.String => expected.GetString() == actual.GetString() ? null : At(Contrast(expected, actual)),
            JsonValueKind.Number => FindInNumber(expected, actual),
            _ => null,
        };
    }

    private string? FindInObject(JsonElement expected, JsonElement actual)
    {
        foreach (var property in expected.EnumerateObject())
        {
            _path.Add((property.Name, 0));
            if (!actual.TryGetProperty(property.Name, out var value))
                return At("missing from output");
            if (Find(property.Value, value) is { } difference)
                return difference;
            _path.RemoveAt(_path.Count - 1);
        }
        foreach (var property in actual.EnumerateObject())
        {
            if (!expected.TryGetProperty(property.Name, out _))
            {
                _path.Add((property.Name, 0));
                return At("unexpected key in output");
            }
        }
        return null;
    }

    private string? FindInArray(JsonElement expected, JsonElement actual)
    {
        // Enumerating rather than indexing: indexing into arrays of objects walks the document each time.
        int index = 0;
        using var gotten = actual.EnumerateArray();
        foreach (var wanted in expected.EnumerateArray())
        {
            if (!gotten.MoveNext())
                return At($"expected {expected.GetArrayLength()} elements, got {index}");
            _path.Add((null, index));
            if (Find(wanted, gotten.Current) is { } difference)
                return difference;
            _path.RemoveAt(_path.Count - 1);
            index++;
        }
        return gotten.MoveNext() ? At($"expected {index} elements, got {actual.GetArrayLength()}") : null;
    }

    private string? FindInNumber(JsonElement expected, JsonElement actual)
    {
        // Numbers beyond the double range read as infinities; an expected one must match as written.
        if (expected.TryGetDouble(out double want) && double.IsFinite(want) && actual.TryGetDouble(out double got))
            return tolerance.Accepts(want, got) ? null : At($"{Contrast(expected, actual)} ({tolerance.Explain(want, got)})");
        return expected.GetRawText() == actual.GetRawText() ? null : At(Contrast(expected, actual));
    }

    private string At(string what)
    {
        var path = new StringBuilder("$");
        foreach (var (key, index) in _path)
        {
            if (key is null)
                path.Append('[').Append(index).Append(']');
            else if (IsPlainName(key))
                path.Append('.').Append(key);
            else
                path.Append("['").Append(key.Replace("\\", "\\\\").Replace("'", "\\'")).Append("']");
        }
        return $"{path}: {what}";
    }

    private static bool IsPlainName(string key) =>
        key.Length > 0 && !char.IsAsciiDigit(key[0]) && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Contrast(JsonElement expected, JsonElement actual) =>
        $"expected {Excerpt.Truncate(expected.GetRawText())}, got {Excerpt.Truncate(actual.GetRawText())}";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"string {Excerpt.Truncate(element.GetRawText())}",
        JsonValueKind.Number => $"number {Excerpt.Truncate(element.GetRawText())}",
        _ => element.GetRawText(),
    };
}

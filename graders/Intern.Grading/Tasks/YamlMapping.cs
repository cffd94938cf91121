using YamlDotNet.RepresentationModel;

namespace Intern.Grading.Tasks;

/// <summary>A YAML mapping whose keys have been checked against the known ones, with the field path it sits at.</summary>
// misspelled: known keys that an unknown key was probably meant to be, whose absence is therefore already reported.
internal sealed class YamlMapping(
    string path, int line, IReadOnlyDictionary<string, (YamlNode Key, YamlNode Value)> entries, IReadOnlySet<string> misspelled)
{
    public string Path => path;

    /// <summary>Line of the mapping itself: where a missing key is reported.</summary>
    public int Line => line;

    public YamlNode? this[string key] => entries.TryGetValue(key, out var entry) ? entry.Value : null;

    public bool Has(string key) => entries.ContainsKey(key);

    public bool IsMisspelled(string key) => misspelled.Contains(key);

    public int KeyLine(string key) => entries.TryGetValue(key, out var entry) ? YamlReader.LineOf(entry.Key) : line;

    public string Field(string key) => path.Length == 0 ? key : $"{path}.{key}";
}

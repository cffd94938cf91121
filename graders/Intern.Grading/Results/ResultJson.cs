using System.Text.Json;
using System.Text.Json.Serialization;

namespace Intern.Grading.Results;

/// <summary>Reads and writes <see cref="GradingResult"/> in its snake_case JSON form.</summary>
public static class ResultJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(GradingResult result) => JsonSerializer.Serialize(result, Options);

    public static GradingResult Deserialize(string json) =>
        JsonSerializer.Deserialize<GradingResult>(json, Options) ?? throw new JsonException("The result document is empty.");
}

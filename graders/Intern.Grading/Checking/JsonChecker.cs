using System.Text.Json;
using System.Text.Unicode;

namespace Intern.Grading.Checking;

internal sealed class JsonChecker(NumericTolerance tolerance) : IOutputChecker
{
    // Duplicate keys would make "the value of key k" ambiguous, so neither side may have them.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    public CheckOutcome Check(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual)
    {
        using var want = ParseExpected(expected);
        if (!Utf8.IsValid(actual.Span))
            return CheckOutcome.Wrong("output is not valid UTF-8, so it is not JSON");
        JsonDocument got;
        try
        {
            got = JsonDocument.Parse(WithoutByteOrderMark(actual), Strict);
        }
        catch (JsonException invalid)
        {
            return CheckOutcome.Wrong($"output is not valid JSON: {invalid.Message}");
        }
        using (got)
        {
            string? difference = new JsonDifference(tolerance).Find(want.RootElement, got.RootElement);
            return difference is null ? CheckOutcome.Accepted() : CheckOutcome.Wrong(difference);
        }
    }

    private static JsonDocument ParseExpected(ReadOnlyMemory<byte> expected)
    {
        try
        {
            return JsonDocument.Parse(WithoutByteOrderMark(expected), Strict);
        }
        catch (JsonException invalid)
        {
            throw new InvalidDataException($"The expected output is not valid JSON: {invalid.Message}", invalid);
        }
    }

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> text) =>
        text.Span.StartsWith("\uFEFF"u8) ? text[3..] : text;
}

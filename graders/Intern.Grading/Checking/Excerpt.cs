using System.Text;
using System.Text.Unicode;

namespace Intern.Grading.Checking;

// Messages quote pieces of output: escaped, short, and without ever throwing on bad bytes.
internal static class Excerpt
{
    private const int MaxChars = 200;
    private const int LeadBeforeDifference = 40;

    // Windowed so that the first differing byte stays visible even deep into a long line.
    public static string Contrast(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        int common = expected.CommonPrefixLength(actual);
        int start = 0;
        if (common > MaxChars / 2)
        {
            start = common - LeadBeforeDifference;
            // Both sides share these bytes, so stepping off a UTF-8 continuation byte moves them alike.
            while (start < common && (expected[start] & 0xC0) == 0x80)
                start++;
        }
        return $"expected {Quote(expected, start)}, got {Quote(actual, start)}";
    }

    public static string Quote(ReadOnlySpan<byte> bytes, int start = 0)
    {
        var window = bytes[start..];
        // Four bytes per char is the most UTF-8 needs, so this is enough text for MaxChars.
        string text = Encoding.UTF8.GetString(window[..Math.Min(window.Length, MaxChars * 4)]);
        var quoted = new StringBuilder(Math.Min(text.Length, MaxChars) + 8);
        quoted.Append('"');
        if (start > 0)
            quoted.Append('…');
        int shown = 0;
        for (; shown < text.Length && shown < MaxChars; shown++)
        {
            char c = text[shown];
            if (char.IsHighSurrogate(c) && shown == MaxChars - 1)
                break;
            Escape(quoted, c);
        }
        if (shown < text.Length || window.Length > MaxChars * 4)
            quoted.Append('…');
        return quoted.Append('"').ToString();
    }

    public static string Truncate(string text) =>
        text.Length <= MaxChars ? text : string.Concat(text.AsSpan(0, MaxChars), "…");

    // Replacement characters in a message look like a checker bug unless the reason is spelled out.
    public static string NoteEncoding(string message, ReadOnlySpan<byte> actual) =>
        Utf8.IsValid(actual) ? message : message + " (output is not valid UTF-8)";

    private static void Escape(StringBuilder to, char c)
    {
        switch (c)
        {
            case '"': to.Append("\\\""); break;
            case '\\': to.Append("\\\\"); break;
            case '\n': to.Append("\\n"); break;
            case '\r': to.Append("\\r"); break;
            case '\t': to.Append("\\t"); break;
            case < ' ' or '\u007F': to.Append($"\\u{(int)c:X4}"); break;
            default: to.Append(c); break;
        }
    }
}

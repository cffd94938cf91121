using System.Buffers;

namespace Intern.Grading.Checking;

// Walks whitespace-separated tokens as slices of the output, so large outputs cost no string per token.
internal ref struct TokenReader(ReadOnlySpan<byte> text)
{
    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\n\v\f\r"u8);

    private ReadOnlySpan<byte> _rest = text;

    public int Count { get; private set; }

    // 1-based line of the last token read.
    public int Line { get; private set; } = 1;

    // 1-based position of the last token read within its line.
    public int IndexInLine { get; private set; }

    public bool TryRead(out ReadOnlySpan<byte> token)
    {
        int start = _rest.IndexOfAnyExcept(Whitespace);
        if (start < 0)
        {
            _rest = default;
            token = default;
            return false;
        }
        int newlines = _rest[..start].Count((byte)'\n');
        if (newlines > 0)
        {
            Line += newlines;
            IndexInLine = 0;
        }
        _rest = _rest[start..];
        int length = _rest.IndexOfAny(Whitespace);
        if (length < 0)
            length = _rest.Length;
        token = _rest[..length];
        _rest = _rest[length..];
        Count++;
        IndexInLine++;
        return true;
    }
}

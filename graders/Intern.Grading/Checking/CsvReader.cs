using System.Buffers;

namespace Intern.Grading.Checking;

// A forgiving RFC 4180 reader: quoted fields may hold commas, newlines and "" escapes. Spaces around
// a field are layout, not data, and are dropped. Malformed quoting never fails: a stray quote is
// kept as text and an unterminated quote runs to the end, so any bytes yield some rows to compare.
internal sealed class CsvReader(ReadOnlyMemory<byte> text)
{
    private static readonly SearchValues<byte> Blank = SearchValues.Create(" \t\r\n"u8);

    private readonly ReadOnlyMemory<byte> _text = WithoutByteOrderMark(text);
    private int _position;

    // 1-based number of the last row read.
    public int Row { get; private set; }

    public bool TryReadRow(List<ReadOnlyMemory<byte>> cells)
    {
        cells.Clear();
        // Blank lines at the very end are a trailing newline, not an extra row.
        if (_text.Span[_position..].IndexOfAnyExcept(Blank) < 0)
            return false;
        Row++;
        while (true)
        {
            cells.Add(ReadCell());
            if (_position >= _text.Length)
                return true;
            if (_text.Span[_position++] == '\n')
                return true;
        }
    }

    public int CountRemainingRows()
    {
        var discard = new List<ReadOnlyMemory<byte>>();
        int before = Row;
        while (TryReadRow(discard)) { }
        return Row - before;
    }

    private ReadOnlyMemory<byte> ReadCell()
    {
        var span = _text.Span;
        while (_position < span.Length && span[_position] is (byte)' ' or (byte)'\t')
            _position++;
        if (_position < span.Length && span[_position] == '"')
            return ReadQuoted();
        int start = _position;
        _position = EndOfField(start);
        return Trimmed(start, _position);
    }

    private ReadOnlyMemory<byte> ReadQuoted()
    {
        var span = _text.Span;
        int start = ++_position;
        ArrayBufferWriter<byte>? unescaped = null;
        ReadOnlyMemory<byte> content;
        while (true)
        {
            int quote = span[_position..].IndexOf((byte)'"');
            if (quote < 0)
            {
                content = _text[start..];
                _position = span.Length;
                break;
            }
            _position += quote;
            if (_position + 1 < span.Length && span[_position + 1] == '"')
            {
                unescaped ??= new ArrayBufferWriter<byte>();
                unescaped.Write(span[start..(_position + 1)]);
                _position += 2;
                start = _position;
                continue;
            }
            content = _text[start.._position];
            _position++;
            break;
        }
        int tailStart = _position;
        _position = EndOfField(tailStart);
        var tail = Trimmed(tailStart, _position);
        if (unescaped is null && tail.IsEmpty)
            return content;
        unescaped ??= new ArrayBufferWriter<byte>();
        unescaped.Write(content.Span);
        unescaped.Write(tail.Span);
        return unescaped.WrittenMemory;
    }

    private int EndOfField(int from)
    {
        int end = _text.Span[from..].IndexOfAny((byte)',', (byte)'\n');
        return end < 0 ? _text.Length : from + end;
    }

    private ReadOnlyMemory<byte> Trimmed(int start, int end)
    {
        while (end > start && _text.Span[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
            end--;
        return _text[start..end];
    }

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> text) =>
        text.Span.StartsWith("\uFEFF"u8) ? text[3..] : text;
}

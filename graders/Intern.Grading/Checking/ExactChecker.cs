using System.Text;

namespace Intern.Grading.Checking;

// Byte equality line by line, so that CRLF and LF endings compare equal and a mismatch has a line number.
internal sealed class ExactChecker : IOutputChecker
{
    public CheckOutcome Check(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual)
    {
        var want = new LineReader(WithoutFinalNewlines(expected.Span));
        var got = new LineReader(WithoutFinalNewlines(actual.Span));
        for (int line = 1; ; line++)
        {
            bool hasWant = want.TryRead(out var wanted);
            bool hasGot = got.TryRead(out var gotten);
            if (!hasWant && !hasGot)
                return CheckOutcome.Accepted();
            string? difference =
                !hasGot ? $"line {line}: expected {Excerpt.Quote(wanted)}, got end of output"
                : !hasWant ? $"line {line}: expected end of output, got {Excerpt.Quote(gotten)}"
                : wanted.SequenceEqual(gotten) ? null
                : $"line {line}, column {Column(wanted, gotten)}: {Excerpt.Contrast(wanted, gotten)}";
            if (difference is not null)
                return CheckOutcome.Wrong(Excerpt.NoteEncoding(difference, actual.Span));
        }
    }

    // Counted in characters, not bytes, because that is what an editor shows the applicant.
    private static int Column(ReadOnlySpan<byte> wanted, ReadOnlySpan<byte> gotten) =>
        Encoding.UTF8.GetCharCount(wanted[..wanted.CommonPrefixLength(gotten)]) + 1;

    // Every trailing "\n" goes, and with it the "\r" that made it a CRLF; a lone final "\r" stays.
    private static ReadOnlySpan<byte> WithoutFinalNewlines(ReadOnlySpan<byte> text)
    {
        while (text.Length > 0 && text[^1] == '\n')
        {
            text = text[..^1];
            if (text.Length > 0 && text[^1] == '\r')
                text = text[..^1];
        }
        return text;
    }

    private ref struct LineReader(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;
        private bool _done = text.IsEmpty;

        public bool TryRead(out ReadOnlySpan<byte> line)
        {
            if (_done)
            {
                line = default;
                return false;
            }
            int end = _rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                line = _rest;
                _done = true;
                return true;
            }
            line = _rest[..end];
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            _rest = _rest[(end + 1)..];
            return true;
        }
    }
}

namespace Intern.Grading.Checking;

// Serves both "tokens" (no tolerance: every token exact) and "float" (numbers within tolerance).
internal sealed class TokenChecker(NumericTolerance? tolerance) : IOutputChecker
{
    public CheckOutcome Check(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual)
    {
        var want = new TokenReader(expected.Span);
        var got = new TokenReader(actual.Span);
        while (true)
        {
            int matched = got.Count;
            bool hasWant = want.TryRead(out var wanted);
            bool hasGot = got.TryRead(out var gotten);
            if (!hasWant && !hasGot)
                return CheckOutcome.Accepted();
            if (!hasGot)
                return Wrong($"output ended early after {Tokens(matched)}: expected {Excerpt.Quote(wanted)} next", actual);
            if (!hasWant)
                return Wrong($"extra output after {Tokens(matched)}: got {Excerpt.Quote(gotten)}", actual);
            if (TokenComparison.Mismatch(wanted, gotten, tolerance) is { } why)
                return Wrong($"line {got.Line}, token {got.IndexInLine}: {why}", actual);
        }
    }

    private static string Tokens(int count) => count == 1 ? "1 token" : $"{count} tokens";

    private static CheckOutcome Wrong(string message, ReadOnlyMemory<byte> actual) =>
        CheckOutcome.Wrong(Excerpt.NoteEncoding(message, actual.Span));
}

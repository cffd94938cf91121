using System.Text;

namespace Intern.Grading.Checking;

// The first row is a header and must match exactly; later cells compare like float tokens.
internal sealed class CsvChecker(NumericTolerance tolerance) : IOutputChecker
{
    public CheckOutcome Check(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual)
    {
        var want = new CsvReader(expected);
        var got = new CsvReader(actual);
        var wanted = new List<ReadOnlyMemory<byte>>();
        var gotten = new List<ReadOnlyMemory<byte>>();
        string[] header = [];
        while (true)
        {
            bool hasWant = want.TryReadRow(wanted);
            bool hasGot = got.TryReadRow(gotten);
            if (!hasWant && !hasGot)
                return CheckOutcome.Accepted();
            if (!hasGot)
                return Wrong($"output ended early: expected {want.Row + want.CountRemainingRows()} rows, got {got.Row}", actual);
            if (!hasWant)
                return Wrong($"extra output: expected {want.Row} rows, got {got.Row + got.CountRemainingRows()}", actual);
            int row = want.Row;
            if (wanted.Count != gotten.Count)
                return Wrong($"row {row}: expected {wanted.Count} columns, got {gotten.Count}", actual);
            if (row == 1)
                header = [.. wanted.Select(name => Encoding.UTF8.GetString(name.Span))];
            for (int column = 0; column < wanted.Count; column++)
            {
                var rule = row == 1 ? (NumericTolerance?)null : tolerance;
                if (TokenComparison.Mismatch(wanted[column].Span, gotten[column].Span, rule) is { } why)
                    return Wrong($"row {row}, column {column + 1}{Label(header, row, column)}: {why}", actual);
            }
        }
    }

    private static string Label(string[] header, int row, int column) =>
        row == 1 ? " (header)"
        : column < header.Length && header[column].Length > 0 ? $" ({Excerpt.Truncate(header[column])})"
        : "";

    private static CheckOutcome Wrong(string message, ReadOnlyMemory<byte> actual) =>
        CheckOutcome.Wrong(Excerpt.NoteEncoding(message, actual.Span));
}

namespace Intern.Grading.Tasks;

/// <summary>Orders names as people number them: "case2" before "case10", "01" next to "1".</summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
            return x is null ? (y is null ? 0 : -1) : 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var a = DigitRun(x, ref i);
                var b = DigitRun(y, ref j);
                // Equal-length runs without leading zeros compare as numbers by comparing as text.
                var byNumber = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                if (byNumber != 0)
                    return byNumber;
                continue;
            }
            if (x[i] != y[j])
                return x[i].CompareTo(y[j]);
            i++;
            j++;
        }
        var byRest = (x.Length - i).CompareTo(y.Length - j);
        // Names equal as numbers ("1" and "01") still need a fixed order.
        return byRest != 0 ? byRest : string.CompareOrdinal(x, y);
    }

    private static string DigitRun(string s, ref int index)
    {
        var start = index;
        while (index < s.Length && char.IsAsciiDigit(s[index]))
            index++;
        return s[start..index].TrimStart('0');
    }
}

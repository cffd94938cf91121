using System.Text;
using Intern.Grading.Checking;

namespace Intern.Grading.Tests.Checking;

public class CsvCheckerTests
{
    private static CheckOutcome Check(string expected, string actual, double absolute = 1e-9) =>
        BuiltInCheckers.Create(new CheckerSpec { Type = "csv", AbsoluteTolerance = absolute })
            .Check(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    [Theory]
    [InlineData("a,b\n1,2\n", "a,b\r\n1.0,2.0")]
    [InlineData("a,b\n1,2", "a,b\n1,2\n\n\r\n")]
    [InlineData("name,v\n\"x, y\",1", "name,v\n\"x, y\",1.0000000001")]
    [InlineData("h\nabc", "h\n\"abc\"")]
    [InlineData("h\n\"say \"\"hi\"\"\"", "h\n\"say \"\"hi\"\"\"")]
    [InlineData("a,b\n1,2", "a, b\n 1 , 2 ")]
    [InlineData("h\n\"two\nlines\",", "h\n\"two\nlines\",")]
    [InlineData("h,i\n,", "h,i\n\"\",")]
    [InlineData("", "")]
    [InlineData("", "\n\n")]
    [InlineData("h\nx", "\uFEFFh\nx")]
    [InlineData("v\n0.1\n1e3", "v\n0.1\n1000")]
    public void Tables_with_the_same_cells_are_accepted(string expected, string actual)
    {
        Assert.Equal(CheckOutcome.Accepted(), Check(expected, actual));
    }

    [Theory]
    [InlineData("a,price\n1,2.5", "a,price\n1,2.6", "row 2, column 2 (price): expected \"2.5\", got \"2.6\" (difference")]
    [InlineData("1.0,b\n1,2", "1,b\n1,2", "row 1, column 1 (header): expected \"1.0\", got \"1\"")]
    [InlineData("Name\nx", "name\nx", "row 1, column 1 (header): expected \"Name\", got \"name\"")]
    [InlineData("a\n1\n2", "a\n1", "output ended early: expected 3 rows, got 2")]
    [InlineData("a\n1", "a\n1\n2\n3", "extra output: expected 2 rows, got 4")]
    [InlineData("a,b\n1,2", "a,b\n1,2,3", "row 2: expected 2 columns, got 3")]
    [InlineData("a,b\n1,2", "a,b\n1;2", "row 2: expected 2 columns, got 1")]
    [InlineData("h,i\n\"x,y\",1", "h,i\nx,y,1", "row 2: expected 2 columns, got 3")]
    [InlineData("h\n\"x y\"", "h\nx  y", "row 2, column 1 (h): expected \"x y\", got \"x  y\"")]
    [InlineData("h\n1", "h\nnan", "(not a finite number)")]
    [InlineData("h\n1", "", "output ended early: expected 2 rows, got 0")]
    [InlineData(",\n1,2", ",\n1,3", "row 2, column 2: expected \"2\", got \"3\"")]
    public void The_first_differing_cell_is_a_wrong_answer_named_by_row_and_column(string expected, string actual, string message)
    {
        var outcome = Check(expected, actual);

        Assert.Equal(CheckVerdict.WA, outcome.Verdict);
        Assert.Contains(message, outcome.Message);
    }

    [Theory]
    [InlineData("h\n10", "h\n10.5", 0.5, true)]
    [InlineData("h\n10", "h\n10.75", 0.5, false)]
    public void Numeric_cells_use_the_absolute_tolerance(string expected, string actual, double absolute, bool accepted)
    {
        Assert.Equal(accepted ? CheckVerdict.AC : CheckVerdict.WA, Check(expected, actual, absolute).Verdict);
    }

    [Theory]
    [InlineData("h\n\"unterminated")]
    [InlineData("h\nstray\"quote")]
    [InlineData("h\n\"closed\"junk")]
    [InlineData("\"\n\"\"\"")]
    [InlineData(",,,\n\n,")]
    public void Malformed_quoting_in_the_output_is_a_wrong_answer_not_an_error(string actual)
    {
        Assert.Equal(CheckVerdict.WA, Check("h\nx", actual).Verdict);
    }
}

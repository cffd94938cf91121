using Intern.Server.Reviews;

namespace Intern.Server.Tests.Reviews;

/// <summary>The diff against the starter kit, as the lines a reviewer reads: kept, removed, added.</summary>
public sealed class LineDiffTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "a\nb\nc\n", "a\nb\nc\n", " a| b| c" },
        { "import sys\n\nprint(0)\n", "import sys\n\nprint(sum(map(int, sys.stdin.read().split())))\n", " import sys| |-print(0)|+print(sum(map(int, sys.stdin.read().split())))" },
        { "", "x\n", "+x" },
        { "x\ny\n", "", "-x|-y" },
        { "a\nb\nc\nd\n", "a\nc\nd\ne\n", " a|-b| c| d|+e" },
        { "a\r\nb\r\n", "a\nb\n", " a| b" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheDiffKeepsCommonLinesAndMarksTheRest(string before, string after, string expected) =>
        Assert.Equal(expected, string.Join('|', LineDiff.Compute(LineDiff.SplitLines(before), LineDiff.SplitLines(after))!.Select(l => $"{l.Kind}{l.Text}")));

    [Fact]
    public void FilesTooLongToCompareAreNotDiffed() =>
        Assert.Null(LineDiff.Compute([.. Enumerable.Range(0, LineDiff.MaxLines + 1).Select(i => $"{i}")], ["x"]));
}

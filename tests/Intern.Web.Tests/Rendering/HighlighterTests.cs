using Intern.Web.Reviews;

namespace Intern.Web.Tests.Rendering;

/// <summary>Our own syntax highlighting and report rendering: spans by token kind, everything encoded, nothing fetched.</summary>
public sealed class HighlighterTests
{
    public static TheoryData<string, string, string[]> Cases() => new()
    {
        { "def f(x):  # why\n    return \"a<b\"\n", "python", ["<span class=\"tok-k\">def</span> f(x):  <span class=\"tok-c\"># why</span>", "    <span class=\"tok-k\">return</span> <span class=\"tok-s\">&quot;a&lt;b&quot;</span>"] },
        { "int n = 42; /* two\nlines */", "c", ["<span class=\"tok-k\">int</span> n = <span class=\"tok-n\">42</span>; <span class=\"tok-c\">/* two</span>", "<span class=\"tok-c\">lines */</span>"] },
        { "#include <stdio.h>", "cpp", ["#include &lt;stdio.h&gt;"] },
        { "const s = `x`;", "javascript", ["<span class=\"tok-k\">const</span> s = <span class=\"tok-s\">`x`</span>;"] },
        { "exec python3 run.py # go", "shell", ["<span class=\"tok-k\">exec</span> python3 run.py <span class=\"tok-c\"># go</span>"] },
        { "<script>alert(1)</script>", "text", ["&lt;script&gt;alert(1)&lt;/script&gt;"] },
        { "a\n\nb", "text", ["a", "", "b"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TokensAreWrappedAndEverythingIsEncoded(string code, string language, string[] lines) =>
        Assert.Equal(lines, Highlighter.Lines(code, language));

    [Fact]
    public void ReportsCannotSetAttributesOrScriptLinks()
    {
        var html = ReportMarkdown.ToHtml("# Title {onclick=\"alert(1)\" data-next}\n\n[next](https://evil.example){data-next}\n\n[run](javascript:alert(1)) [data](data:text/html,x) [ok](https://example.org/a)\n");
        // The braces stay text; no tag gets the attributes.
        Assert.DoesNotMatch(@"<[^>]*\sonclick", html);
        Assert.DoesNotMatch(@"<[^>]*\sdata-next", html);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data:text", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/a\">ok</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportImagesBecomeLinksAndRawHtmlStaysText()
    {
        var html = ReportMarkdown.ToHtml("# Results\n\n![plot](https://tracker.example/p.png)\n\n<img src=x onerror=alert(1)>\n");
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://tracker.example/p.png\">plot</a>", html, StringComparison.Ordinal);
        Assert.Contains("<h3", html, StringComparison.Ordinal);
    }
}

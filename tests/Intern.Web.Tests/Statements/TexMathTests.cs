using Intern.Web.Tasks;

namespace Intern.Web.Tests.Statements;

/// <summary>TeX to MathML as a table of cases: what statements write and what the browser is given to typeset.</summary>
public sealed class TexMathTests
{
    [Theory]
    [InlineData("x", "<mi>x</mi>")]
    [InlineData("x_i", "<msub><mi>x</mi><mrow><mi>i</mi></mrow></msub>")]
    [InlineData("x^{2}", "<msup><mi>x</mi><mrow><mn>2</mn></mrow></msup>")]
    [InlineData("x_i^2", "<msubsup><mi>x</mi><mrow><mi>i</mi></mrow><mrow><mn>2</mn></mrow></msubsup>")]
    [InlineData("3.14", "<mn>3.14</mn>")]
    [InlineData("a-b", "<mi>a</mi><mo>−</mo><mi>b</mi>")]
    [InlineData(@"\frac{a}{b}", "<mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac>")]
    [InlineData(@"\sqrt{2}", "<msqrt><mn>2</mn></msqrt>")]
    [InlineData(@"\sum_{i=1}^{n}", "<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mrow><mi>n</mi></mrow></munderover>")]
    [InlineData(@"\epsilon \cdot \operatorname{sign}(g)", "<mi>ϵ</mi><mo>·</mo><mi>sign</mi><mo>&#x2061;</mo><mo>(</mo><mi>g</mi><mo>)</mo>")]
    [InlineData(@"\nabla_x J", "<msub><mi>∇</mi><mrow><mi>x</mi></mrow></msub><mi>J</mi>")]
    [InlineData(@"\text{if } x \le 0", "<mtext>if </mtext><mi>x</mi><mo>≤</mo><mn>0</mn>")]
    [InlineData(@"\hat{y}", "<mover accent=\"true\"><mrow><mi>y</mi></mrow><mo>^</mo></mover>")]
    [InlineData(@"\left( x \right)", "<mo stretchy=\"true\">(</mo><mi>x</mi><mo stretchy=\"true\">)</mo>")]
    [InlineData(@"\mathbb{R}^n", "<msup><mi mathvariant=\"double-struck\">R</mi><mrow><mi>n</mi></mrow></msup>")]
    [InlineData(@"\max_{k} s_k", "<munder><mi>max</mi><mo>&#x2061;</mo><mrow><mi>k</mi></mrow></munder><msub><mi>s</mi><mrow><mi>k</mi></mrow></msub>")]
    [InlineData(@"a<b", "<mi>a</mi><mo>&lt;</mo><mi>b</mi>")]
    public void FormulaBecomesItsMathMl(string tex, string body) =>
        Assert.Equal($"<math><semantics><mrow>{body}</mrow><annotation encoding=\"application/x-tex\">{System.Net.WebUtility.HtmlEncode(tex)}</annotation></semantics></math>",
            TexMath.ToMathMl(tex, display: false));

    [Fact]
    public void UnknownCommandsStayVisibleAndNothingEscapesTheMarkup()
    {
        var html = TexMath.ToMathMl(@"\weird{x} </math><script>alert(1)</script>", display: true);
        Assert.StartsWith("<math display=\"block\">", html, StringComparison.Ordinal);
        Assert.Contains("<mtext mathcolor=\"#b42318\">\\weird</mtext>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("</math>").Length - 1);
    }

    [Theory]
    [InlineData("x^")]
    [InlineData(@"\frac{a}")]
    [InlineData("{{{")]
    [InlineData("}}}")]
    [InlineData(@"\")]
    [InlineData(@"\left")]
    [InlineData(@"\text{unclosed")]
    public void BrokenTexStillGivesMarkupAndEnds(string tex) =>
        Assert.EndsWith("</math>", TexMath.ToMathMl(tex, display: false), StringComparison.Ordinal);
}

using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Intern.Web.Tasks;

/// <summary>Task statements from Markdown to HTML: tables, fenced code, task lists, images, no raw HTML (statements are data).</summary>
internal static class Statement
{
    private static MarkdownPipeline Pipeline => StatementImages.Pipeline;

    /// <summary>The statement of task <paramref name="slug"/> as HTML; its relative images load from the task's image route.</summary>
    public static string ToHtml(string markdown, string slug)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        StatementImages.DropScriptLinks(document);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage && l.Url is { Length: > 0 } url && StatementImages.IsRelative(url)))
            image.Url = StatementImages.UrlOf(slug, image.Url!);
        // The page's own title is the one h1; the statement's headings sit one level below it.
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + 1);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        // Formulas become MathML, which the browser typesets, instead of TeX left for a script to find.
        renderer.ObjectRenderers.ReplaceOrAdd<HtmlMathInlineRenderer>(new MathInlineRenderer());
        renderer.ObjectRenderers.ReplaceOrAdd<HtmlMathBlockRenderer>(new MathBlockRenderer());
        renderer.ObjectRenderers.ReplaceOrAdd<CodeBlockRenderer>(new HighlightedCodeRenderer());
        renderer.Render(document);
        return writer.ToString();
    }

    private sealed class MathInlineRenderer : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline obj) =>
            renderer.Write(TexMath.ToMathMl(obj.Content.ToString(), display: obj.DelimiterCount > 1));
    }

    private sealed class MathBlockRenderer : HtmlObjectRenderer<MathBlock>
    {
        protected override void Write(HtmlRenderer renderer, MathBlock obj) =>
            renderer.Write("<div class=\"formula\">").Write(TexMath.ToMathMl(obj.Lines.ToString(), display: true)).Write("</div>");
    }

    /// <summary>Fenced code that names a language is coloured by the reviewers' highlighter; any other code block is left plain.</summary>
    private sealed class HighlightedCodeRenderer : HtmlObjectRenderer<CodeBlock>
    {
        private readonly CodeBlockRenderer _plain = new();

        protected override void Write(HtmlRenderer renderer, CodeBlock obj)
        {
            if (obj is FencedCodeBlock { Info: var info } && Reviews.Highlighter.LanguageOfFence(info) is { } language)
            {
                renderer.Write($"<pre><code class=\"language-{language}\">")
                    .Write(string.Join("\n", Reviews.Highlighter.Lines(obj.Lines.ToString(), language)))
                    .Write("</code></pre>\n");
            }
            else
                ((IMarkdownObjectRenderer)_plain).Write(renderer, obj);
        }
    }
}

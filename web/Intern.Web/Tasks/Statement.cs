using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;

namespace Intern.Web.Tasks;

/// <summary>Task statements from Markdown to HTML: tables, fenced code, task lists, no raw HTML (statements are data).</summary>
internal static class Statement
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        // The page's own title is the one h1; the statement's headings sit one level below it.
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + 1);
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }
}

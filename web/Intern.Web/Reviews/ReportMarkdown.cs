using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Intern.Web.Reviews;

/// <summary>
/// An applicant's report from Markdown to HTML, like a task statement (no raw HTML), except that images become links:
/// an image in a report may point anywhere, and loading it would tell another site who reads the report and when.
/// </summary>
internal static class ReportMarkdown
{
    private static readonly MarkdownPipeline Pipeline = Tasks.StatementImages.Untrusting(new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml()).Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
            heading.Level = Math.Min(6, heading.Level + 2);
        Tasks.StatementImages.DropScriptLinks(document);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage).ToList())
        {
            image.IsImage = false;
            if (image.FirstChild is null)
                image.AppendChild(new LiteralInline("image"));
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }
}

using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Intern.Web.Tasks;

/// <summary>
/// Images in a statement: written as paths relative to statement.md (<c>![Windows](figures/windows.png)</c>),
/// shown from GET /api/tasks/{slug}/images/{path}, which serves only the paths this class finds in the statement.
/// </summary>
public static class StatementImages
{
    internal static readonly MarkdownPipeline Pipeline = Untrusting(new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml()).Build();

    /// <summary>
    /// Without Markdig's generic attributes (<c>{onclick=...}</c>, <c>{data-next}</c> after a heading or link): raw HTML is
    /// already off, and attributes are HTML by another door. Reports are applicants' text, shown to staff.
    /// </summary>
    internal static MarkdownPipelineBuilder Untrusting(MarkdownPipelineBuilder builder)
    {
        builder.Extensions.RemoveAll(e => e is Markdig.Extensions.GenericAttributes.GenericAttributesExtension);
        return builder;
    }

    /// <summary>Links and images to anything but http(s), mailto or a relative path lose their target (javascript:, data:, vbscript: ...).</summary>
    internal static void DropScriptLinks(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.Url is { Length: > 0 } url && !IsRelative(url)
                && !url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                && !url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
                link.Url = "#";
        }
    }

    /// <summary>The relative paths of the images <paramref name="markdown"/> shows, as written.</summary>
    public static IReadOnlySet<string> Referenced(string markdown) =>
        Markdown.Parse(markdown, Pipeline).Descendants<LinkInline>()
            .Where(l => l.IsImage && l.Url is { Length: > 0 } url && IsRelative(url))
            .Select(l => l.Url!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A path relative to the statement: no scheme, no leading slash, no fragment of the page.</summary>
    public static bool IsRelative(string url) =>
        !url.StartsWith('/') && !url.StartsWith('\\') && !url.StartsWith('#') && !url.Contains(':', StringComparison.Ordinal);

    /// <summary>Where the page loads the image <paramref name="path"/> of task <paramref name="slug"/> from.</summary>
    public static string UrlOf(string slug, string path) => $"/api/tasks/{Uri.EscapeDataString(slug)}/images/{path}";
}

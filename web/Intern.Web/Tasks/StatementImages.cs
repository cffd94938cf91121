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
    internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

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

using System.Text.Json;
using Ganss.Xss;
using UglyToad.PdfPig;

namespace Intern.Server.Reviews;

/// <summary>One output of a notebook cell: <c>text</c> (a stream or plain result), <c>image</c> (a data URI), <c>table</c> (sanitised HTML) or <c>error</c>.</summary>
public sealed record NotebookOutput(string Kind, string Content);

/// <summary>One notebook cell: <c>markdown</c>, <c>code</c> or <c>raw</c>, its source and what it printed.</summary>
public sealed record NotebookCell(string Kind, string Source, IReadOnlyList<NotebookOutput> Outputs);

/// <summary>
/// A report that is not Markdown, as the reviewer's page shows it: a Jupyter notebook (<see cref="Cells"/>) or a PDF
/// (<see cref="Pages"/> of extracted text; the file itself is embedded beside it unless the round is blind).
/// </summary>
public sealed record ReportDocument(string Path, string Kind, IReadOnlyList<NotebookCell> Cells, IReadOnlyList<string> Pages, string? Problem = null);

/// <summary>
/// Reads applicants' notebooks and PDFs for review. Only what reviewers need is taken out: cell sources and outputs of a
/// notebook (never its metadata, where names and emails hide), the text of a PDF's pages (never its properties). Every
/// piece of text goes through <c>clean</c>, which in a blind round replaces the applicant's identity.
/// </summary>
public static partial class ReportDocuments
{
    /// <summary>Images in one notebook beyond this many bytes (base64) are left out, so that one page stays loadable.</summary>
    public const int MaxImageBytes = 8 << 20;

    private const int MaxPages = 200;

    /// <summary>PDFs above this size are not parsed for text: a report has no need to be bigger, and parsing costs the server.</summary>
    public const int MaxPdfBytes = 32 << 20;

    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/gif"];

    private static readonly HtmlSanitizer Tables = CreateTableSanitizer();

    private static HtmlSanitizer CreateTableSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        foreach (var tag in new[] { "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "b", "i", "em", "strong", "code", "br", "span", "div", "p" })
            sanitizer.AllowedTags.Add(tag);
        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.Add("colspan");
        sanitizer.AllowedAttributes.Add("rowspan");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowDataAttributes = false;
        return sanitizer;
    }

    /// <summary>The report a reviewer reads first: report.md, report.ipynb, report.pdf (the shallowest of each), else README.md.</summary>
    public static string? PickPath(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        foreach (var name in new[] { "report.md", "report.ipynb", "report.pdf", "README.md" })
        {
            var found = list.Where(p => System.IO.Path.GetFileName(p).Equals(name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p.Count(c => c == '/')).FirstOrDefault();
            if (found is not null)
                return found;
        }
        return null;
    }

    /// <summary>The notebook or PDF at <paramref name="path"/>, or null for any other kind of file (Markdown is shown as it is).</summary>
    public static ReportDocument? Read(string path, ReadOnlyMemory<byte> content, Func<string, string> clean)
    {
        ArgumentNullException.ThrowIfNull(clean);
        return System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ipynb" => Notebook(path, content, clean),
            ".pdf" => Pdf(path, content, clean),
            _ => null,
        };
    }

    public static ReportDocument Notebook(string path, ReadOnlyMemory<byte> content, Func<string, string> clean)
    {
        ArgumentNullException.ThrowIfNull(clean);
        try
        {
            using var json = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 64 });
            if (!Property(json.RootElement, "cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
                return Failed(path, "notebook", "The notebook has no list of cells.");
            var imageBudget = MaxImageBytes;
            var read = new List<NotebookCell>();
            foreach (var cell in cells.EnumerateArray())
            {
                var kind = Text(cell, "cell_type") ?? "raw";
                var source = clean(Joined(cell, "source"));
                var outputs = new List<NotebookOutput>();
                if (kind == "code" && Property(cell, "outputs", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var output in list.EnumerateArray())
                        outputs.AddRange(Output(output, clean, ref imageBudget));
                }
                read.Add(new NotebookCell(kind is "markdown" or "code" ? kind : "raw", source, outputs));
            }
            return new ReportDocument(path, "notebook", read, []);
        }
        catch (JsonException e)
        {
            return Failed(path, "notebook", $"The notebook is not valid JSON: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Valid JSON can still hold what a string cannot be (a lone surrogate): the page loads, the reviewer is told.
            return Failed(path, "notebook", "The notebook could not be read: " + e.GetType().Name);
        }
    }

    private static IEnumerable<NotebookOutput> Output(JsonElement output, Func<string, string> clean, ref int imageBudget)
    {
        var type = Text(output, "output_type");
        if (type == "stream")
            return [new NotebookOutput("text", clean(Joined(output, "text")))];
        if (type == "error")
        {
            var trace = Property(output, "traceback", out var t) && t.ValueKind == JsonValueKind.Array
                ? string.Join('\n', t.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? AnsiCodes().Replace(l.GetString()!, "") : ""))
                : $"{Text(output, "ename")}: {Text(output, "evalue")}";
            return [new NotebookOutput("error", clean(trace))];
        }
        if (type is not ("execute_result" or "display_data") || !Property(output, "data", out var data) || data.ValueKind != JsonValueKind.Object)
            return [];
        foreach (var image in ImageTypes)
        {
            if (Joined(data, image) is { Length: > 0 } base64)
            {
                var compact = string.Concat(base64.Where(c => !char.IsWhiteSpace(c)));
                if (compact.Length > imageBudget || !IsBase64(compact))
                    return [new NotebookOutput("text", compact.Length > imageBudget ? "(an image too large to show here)" : "(an image that is not valid base64)")];
                imageBudget -= compact.Length;
                return [new NotebookOutput("image", $"data:{image};base64,{compact}")];
            }
        }
        if (Joined(data, "text/html") is { Length: > 0 } html && html.Contains("<table", StringComparison.OrdinalIgnoreCase))
            // Cleaned first, then sanitised: replacing text inside markup could otherwise make new attributes.
            return [new NotebookOutput("table", Tables.Sanitize(clean(html)))];
        return Joined(data, "text/plain") is { Length: > 0 } plain ? [new NotebookOutput("text", clean(plain))] : [];
    }

    public static ReportDocument Pdf(string path, ReadOnlyMemory<byte> content, Func<string, string> clean)
    {
        ArgumentNullException.ThrowIfNull(clean);
        if (content.Length > MaxPdfBytes)
            return Failed(path, "pdf", $"The PDF is larger than {MaxPdfBytes >> 20} MiB; its text is not extracted here.");
        try
        {
            using var pdf = PdfDocument.Open(content.ToArray());
            var pages = pdf.GetPages().Take(MaxPages).Select(p => clean(string.Join('\n', TextLines(p)))).ToList();
            return new ReportDocument(path, "pdf", [], pages, pdf.NumberOfPages > MaxPages ? $"Only the first {MaxPages} of {pdf.NumberOfPages} pages are shown as text." : null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything a malformed or hostile file makes the parser throw: the reviewer is told, the page still loads.
            return Failed(path, "pdf", "The PDF's text could not be read: " + e.GetType().Name);
        }
    }

    /// <summary>A page's words in reading order, one line per baseline, so that paragraphs stay readable.</summary>
    private static IEnumerable<string> TextLines(UglyToad.PdfPig.Content.Page page) =>
        page.GetWords()
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom, 0))
            .OrderByDescending(g => g.Key)
            .Select(g => string.Join(' ', g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)));

    private static ReportDocument Failed(string path, string kind, string problem) => new(path, kind, [], [], problem);

    /// <summary>A property of an object; false for anything else, since a hostile notebook may put any JSON anywhere.</summary>
    private static bool Property(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value);
    }

    private static string? Text(JsonElement element, string property) =>
        Property(element, property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Notebook text fields are a string or a list of lines.</summary>
    private static string Joined(JsonElement element, string property)
    {
        if (!Property(element, property, out var value))
            return "";
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Array => string.Concat(value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString())),
            _ => "",
        };
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    [System.Text.RegularExpressions.GeneratedRegex("\u001b\\[[0-9;]*[A-Za-z]")]
    private static partial System.Text.RegularExpressions.Regex AnsiCodes();
}

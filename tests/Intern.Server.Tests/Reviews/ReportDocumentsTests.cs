using System.Text;
using Intern.Server.Reviews;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Intern.Server.Tests.Reviews;

/// <summary>Notebooks and PDFs as reviewers read them: what is shown, what is dropped, and nothing identifying left in blind rounds.</summary>
public sealed class ReportDocumentsTests
{
    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    /// <summary>What a blind round does to text: the applicant's name becomes their pseudonym.</summary>
    private static string Blind(string text) => text.Replace("Ada Lovelace", "Quiet Heron 3F", StringComparison.Ordinal);

    [Theory]
    [InlineData("report.md,report.ipynb,report.pdf", "report.md")]
    [InlineData("docs/report.pdf,report.ipynb", "report.ipynb")]
    [InlineData("a/b/report.pdf,a/report.pdf,README.md", "a/report.pdf")]
    [InlineData("README.md,solution.py", "README.md")]
    [InlineData("solution.py", null)]
    public void TheReportIsMarkdownThenANotebookThenAPdfThenTheReadme(string paths, string? expected) =>
        Assert.Equal(expected, ReportDocuments.PickPath(paths.Split(',')));

    [Fact]
    public void ANotebookShowsItsTextCodeTablesAndImagesButNotItsMetadata()
    {
        var notebook = $$$"""
            {
              "metadata": {"authors": [{"name": "Ada Lovelace"}], "kernelspec": {"name": "python3"}},
              "nbformat": 4,
              "cells": [
                {"cell_type": "markdown", "source": ["# Findings\n", "Written by Ada Lovelace."], "metadata": {}},
                {"cell_type": "code", "source": "print('hi')\nx = 1", "outputs": [
                  {"output_type": "stream", "name": "stdout", "text": ["hi\n"]},
                  {"output_type": "display_data", "data": {"image/png": "{{{OnePixelPng}}}\n", "text/plain": ["<Figure>"]}},
                  {"output_type": "execute_result", "data": {"text/html": "<table onclick=\"steal()\"><tr><th>eps</th></tr><tr><td>0.1</td></tr></table><script>steal()</script>", "text/plain": "eps 0.1"}},
                  {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": ["\u001b[0;31mValueError\u001b[0m: bad"]}
                ]},
                {"cell_type": "raw", "source": "raw text"}
              ]
            }
            """;
        var document = ReportDocuments.Read("report.ipynb", Encoding.UTF8.GetBytes(notebook), Blind)!;

        Assert.Equal("notebook", document.Kind);
        Assert.Null(document.Problem);
        Assert.Equal(["markdown", "code", "raw"], document.Cells.Select(c => c.Kind));
        Assert.Equal("# Findings\nWritten by Quiet Heron 3F.", document.Cells[0].Source);
        var outputs = document.Cells[1].Outputs;
        Assert.Equal(["text", "image", "table", "error"], outputs.Select(o => o.Kind));
        Assert.Equal("hi\n", outputs[0].Content);
        Assert.Equal($"data:image/png;base64,{OnePixelPng}", outputs[1].Content);
        // The table stays a table; its script and handlers do not.
        Assert.Contains("<td>0.1</td>", outputs[2].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("script", outputs[2].Content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", outputs[2].Content, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ValueError: bad", outputs[3].Content);
        Assert.DoesNotContain(document.Cells, c => c.Source.Contains("Lovelace", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"cells\": 3}")]
    [InlineData("[1, 2]")]
    [InlineData("{\"cells\": [1, \"x\", {\"cell_type\": \"code\", \"outputs\": [7, {\"output_type\": \"stream\", \"text\": 5}]}]}")]
    public void ABrokenNotebookIsShownAsFarAsItMakesSenseAndNeverFailsThePage(string text)
    {
        var document = ReportDocuments.Read("report.ipynb", Encoding.UTF8.GetBytes(text), t => t)!;
        Assert.True(document.Problem is not null || document.Cells.All(c => c.Source.Length == 0));
    }

    [Fact]
    public void ImagesOverTheBudgetAreLeftOutWithANote()
    {
        var big = Convert.ToBase64String(new byte[(ReportDocuments.MaxImageBytes / 4 * 3) + 300]);
        var notebook = $$$"""{"cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "display_data", "data": {"image/png": "{{{big}}}"}}]}]}""";
        var output = ReportDocuments.Read("report.ipynb", Encoding.UTF8.GetBytes(notebook), t => t)!.Cells[0].Outputs.Single();
        Assert.Equal(("text", "(an image too large to show here)"), (output.Kind, output.Content));
    }

    [Fact]
    public void APdfIsReadAsTextPerPageWithTheIdentityReplacedAndItsPropertiesLeftOut()
    {
        var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Author = "Ada Lovelace";
        builder.DocumentInformation.Title = "Report of Ada Lovelace";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.A4).AddText("Peak: 48 GFLOP/s per core", 12, new PdfPoint(40, 760), font);
        builder.AddPage(PageSize.A4).AddText("Written by Ada Lovelace", 12, new PdfPoint(40, 760), font);

        var document = ReportDocuments.Read("report.pdf", builder.Build(), Blind)!;

        Assert.Equal("pdf", document.Kind);
        Assert.Equal(["Peak: 48 GFLOP/s per core", "Written by Quiet Heron 3F"], document.Pages);
        Assert.Null(document.Problem);
    }

    [Fact]
    public void ABrokenPdfSaysSoInsteadOfFailingThePage()
    {
        var document = ReportDocuments.Read("report.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf"u8.ToArray(), t => t)!;
        Assert.Empty(document.Pages);
        Assert.StartsWith("The PDF's text could not be read", document.Problem, StringComparison.Ordinal);
    }
}

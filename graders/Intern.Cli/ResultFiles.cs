using Intern.Grading.Results;

namespace Intern.Cli;

internal static class ResultFiles
{
    public static async Task WriteAsync(GradingResult result, FileInfo? json, FileInfo? junit, CancellationToken ct)
    {
        if (json is not null)
        {
            json.Directory?.Create();
            await File.WriteAllTextAsync(json.FullName, ResultJson.Serialize(result), ct);
        }
        if (junit is not null)
        {
            junit.Directory?.Create();
            await using var stream = File.Create(junit.FullName);
            await JUnitReport.Create(result).SaveAsync(stream, System.Xml.Linq.SaveOptions.None, ct);
        }
    }
}

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

    public static async Task WriteArtifactsAsync(GradingResult result, DirectoryInfo? folder, CancellationToken ct)
    {
        if (folder is null || result.ArtifactFiles.Count == 0)
            return;
        foreach (var file in result.ArtifactFiles)
        {
            // Artifact paths were normalised by the grader (relative, no '..'), so they stay inside the folder.
            var target = Path.Combine(folder.FullName, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, file.Content.ToArray(), ct);
        }
        Console.Error.WriteLine($"{result.ArtifactFiles.Count} artifact(s) saved in {folder.FullName}");
    }
}

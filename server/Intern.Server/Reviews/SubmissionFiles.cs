using System.Text;
using Intern.Grading.Submissions;

namespace Intern.Server.Reviews;

/// <summary>The files of a stored submission as a reviewer reads them: path, size, and the text of readable files.</summary>
public static class SubmissionFiles
{
    /// <summary>
    /// One file; <c>Text</c> is null for binary files and those over the size shown (one file's, or all files' together: 16 times that).
    /// <c>Starter</c> says how it relates to the task's starter kit: new, unchanged or changed (then <c>Diff</c> shows how, when not too long).
    /// </summary>
    public sealed record File(string Path, long Size, string? Text, string Language, string Starter = "new", IReadOnlyList<LineDiff.Line>? Diff = null);

    /// <summary>Each file compared with the file of the same path in the starter kit folder, when there is one.</summary>
    public static IReadOnlyList<File> AgainstStarter(IReadOnlyList<File> files, string? starterDirectory)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (starterDirectory is null || !Directory.Exists(starterDirectory))
            return files;
        var root = System.IO.Path.GetFullPath(starterDirectory) + System.IO.Path.DirectorySeparatorChar;
        return [.. files.Select(f =>
        {
            // Submission paths are already checked (no '..', no absolute paths); the prefix check keeps it so.
            var starter = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, f.Path));
            if (!starter.StartsWith(root, StringComparison.Ordinal) || !System.IO.File.Exists(starter))
                return f;
            var original = System.IO.File.ReadAllText(starter);
            if (f.Text is null)
                return f with { Starter = "changed" };
            return original == f.Text
                ? f with { Starter = "unchanged" }
                : f with { Starter = "changed", Diff = LineDiff.Compute(LineDiff.SplitLines(original), LineDiff.SplitLines(f.Text)) };
        })];
    }

    public static async Task<IReadOnlyList<File>> ReadAsync(byte[] archive, ArchiveLimits limits, int maxShownBytes, CancellationToken ct) =>
        Show(await ReadRawAsync(archive, limits, ct), maxShownBytes);

    /// <summary>The archive's files with their bytes.</summary>
    public static async Task<IReadOnlyList<Grading.Sandbox.SandboxFile>> ReadRawAsync(byte[] archive, ArchiveLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(archive);
        using var stream = new MemoryStream(archive, writable: false);
        // The archive passed the same checks at upload (the deployment's Intake:Archive limits); reading it again
        // under the same limits cannot blow up, nor refuse what was accepted.
        return archive.AsSpan().StartsWith("PK"u8)
            ? await SubmissionArchive.ReadZipAsync(stream, limits, ct)
            : await SubmissionArchive.ReadTarAsync(stream, gzip: archive.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]), limits, ct);
    }

    /// <summary>The files as the page lists them: every file's text up to a total, so that a submission of many large files stays readable.</summary>
    public static IReadOnlyList<File> Show(IReadOnlyList<Grading.Sandbox.SandboxFile> files, int maxShownBytes)
    {
        ArgumentNullException.ThrowIfNull(files);
        long budget = 16L * maxShownBytes;
        var shown = new List<File>();
        foreach (var f in files)
        {
            var text = f.Content.Length <= Math.Min(maxShownBytes, budget) ? Text(f.Content.Span) : null;
            budget -= text is null ? 0 : f.Content.Length;
            shown.Add(new File(f.Path, f.Content.Length, text, Language(f.Path)));
        }
        return shown;
    }

    /// <summary>UTF-8 text without NUL bytes, or null for anything binary.</summary>
    private static string? Text(ReadOnlySpan<byte> content)
    {
        if (content.Contains((byte)0))
            return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The highlighting language by file name: python, c, cpp, javascript, go, rust, java, shell, markdown, yaml, json, or text.</summary>
    public static string Language(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".py" => "python",
        ".c" or ".h" => "c",
        ".cc" or ".cpp" or ".cxx" or ".hpp" or ".hh" => "cpp",
        ".js" or ".mjs" or ".ts" => "javascript",
        ".go" => "go",
        ".rs" => "rust",
        ".java" => "java",
        ".sh" or ".bash" => "shell",
        ".md" or ".markdown" => "markdown",
        ".yaml" or ".yml" => "yaml",
        ".json" => "json",
        "" when System.IO.Path.GetFileName(path) is "run" or "build" => "shell",
        _ => "text",
    };
}

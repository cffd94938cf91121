using System.Text;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Tasks;

/// <summary>
/// Reads a directory of test cases: <c>NAME.in</c> (stdin), <c>NAME.ans</c> (expected answer) and
/// optionally <c>NAME.args</c> (one argument per line); or folders <c>NAME/</c> holding <c>answer</c>
/// (a file or a folder) and optionally <c>args</c>, <c>stdin</c> and <c>input/</c>. Other files are ignored.
/// </summary>
public static class TestCaseFiles
{
    public const string InputExtension = ".in";
    public const string AnswerExtension = ".ans";
    public const string ArgsExtension = ".args";
    public const string FolderAnswer = "answer";

    // Skipping links also keeps the walk out of linked folders, which SearchOption.AllDirectories would descend into.
    private static readonly EnumerationOptions WithoutLinks = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = false,
    };

    /// <summary>The cases in natural order of their names; throws <see cref="TaskValidationException"/> on an incomplete case.</summary>
    /// <param name="directory">The folder of cases.</param>
    /// <param name="keepOnDiskAbove">
    /// A folder case whose <c>input/</c> holds more bytes than this is not read: it is left on disk and named by
    /// <see cref="TestCase.InputOnDisk"/>. Null reads every case.
    /// </param>
    public static IReadOnlyList<TestCase> Load(string directory, long? keepOnDiskAbove = null)
    {
        var (names, problems) = Scan(directory);
        if (problems.Count > 0)
        {
            var located = problems.Select(p => new TaskProblem(Path.Combine(directory, p.File), 0, "", p.Message)).ToList();
            throw new TaskValidationException(directory, located);
        }
        return names.Select(name => Read(directory, name, keepOnDiskAbove)).ToList();
    }

    /// <summary>Case names and the problems of the directory, without reading any contents.</summary>
    internal static (IReadOnlyList<string> Names, IReadOnlyList<(string File, string Message)> Problems) Scan(string directory)
    {
        if (!Directory.Exists(directory))
            return ([], [("", "directory not found")]);
        var files = Directory.EnumerateFiles(directory).Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal);
        var names = files.Where(f => f.EndsWith(InputExtension, StringComparison.Ordinal))
            .Select(f => f[..^InputExtension.Length])
            .Where(n => n.Length > 0)
            .Order(NaturalOrder.Instance)
            .ToList();
        var problems = new List<(string, string)>();
        foreach (var name in names.Where(n => !files.Contains(n + AnswerExtension)))
            problems.Add((name + InputExtension, $"has no matching {name}{AnswerExtension}"));
        // An answer or args file without its input is a case the author believes exists but never runs.
        foreach (var extension in new[] { AnswerExtension, ArgsExtension })
        {
            foreach (var orphan in files.Where(f => f.EndsWith(extension, StringComparison.Ordinal)).Order(NaturalOrder.Instance))
            {
                var name = orphan[..^extension.Length];
                if (!files.Contains(name + InputExtension))
                    problems.Add((orphan, $"has no matching {name}{InputExtension}"));
            }
        }
        foreach (var folder in Directory.EnumerateDirectories(directory).Select(d => Path.GetFileName(d)).Order(NaturalOrder.Instance))
        {
            if (files.Contains(folder + InputExtension))
                problems.Add((folder + "/", $"is a case folder and {folder}{InputExtension} a case file of the same name; keep one"));
            else if (!File.Exists(Path.Combine(directory, folder, FolderAnswer)) && !Directory.Exists(Path.Combine(directory, folder, FolderAnswer)))
                problems.Add((folder + "/", $"has no {FolderAnswer} (a file or a folder)"));
            else
                names.Add(folder);
        }
        names.Sort(NaturalOrder.Instance);
        if (names.Count == 0 && problems.Count == 0)
            problems.Add(("", $"contains no test cases (NAME{InputExtension} with NAME{AnswerExtension})"));
        return (names, problems);
    }

    private static TestCase Read(string directory, string name, long? keepOnDiskAbove)
    {
        var folder = Path.Combine(directory, name);
        if (Directory.Exists(folder))
            return ReadFolder(folder, name, keepOnDiskAbove);
        var argsPath = Path.Combine(directory, name + ArgsExtension);
        var args = File.Exists(argsPath) ? SplitArgs(File.ReadAllText(argsPath, Encoding.UTF8)) : [];
        return new TestCase(
            name,
            File.ReadAllBytes(Path.Combine(directory, name + InputExtension)),
            File.ReadAllBytes(Path.Combine(directory, name + AnswerExtension)),
            args);
    }

    private static TestCase ReadFolder(string folder, string name, long? keepOnDiskAbove)
    {
        var inputPath = Path.Combine(folder, "input");
        var onDisk = keepOnDiskAbove is { } limit && Directory.Exists(inputPath)
            && Directory.EnumerateFiles(inputPath, "*", WithoutLinks).Sum(f => new FileInfo(f).Length) > limit;
        var argsPath = Path.Combine(folder, "args");
        var stdinPath = Path.Combine(folder, "stdin");
        var answerPath = Path.Combine(folder, FolderAnswer);
        return new TestCase(
            name,
            File.Exists(stdinPath) ? File.ReadAllBytes(stdinPath) : ReadOnlyMemory<byte>.Empty,
            File.Exists(answerPath) ? File.ReadAllBytes(answerPath) : ReadOnlyMemory<byte>.Empty,
            File.Exists(argsPath) ? SplitArgs(File.ReadAllText(argsPath, Encoding.UTF8)) : [])
        {
            IsFolder = true,
            InputFiles = onDisk ? [] : FilesUnder(inputPath),
            InputOnDisk = onDisk ? Path.GetFullPath(inputPath) : null,
            AnswerFiles = Directory.Exists(answerPath) ? FilesUnder(answerPath) : [],
        };
    }

    private static List<SandboxFile> FilesUnder(string root)
    {
        if (!Directory.Exists(root))
            return [];
        return [.. Directory.EnumerateFiles(root, "*", WithoutLinks)
            .Order(StringComparer.Ordinal)
            .Select(path => new SandboxFile(
                Path.GetRelativePath(root, path).Replace('\\', '/'),
                File.ReadAllBytes(path),
                (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0))];
    }

    private static List<string> SplitArgs(string text)
    {
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        // The newline that ends the last line does not start another, empty argument.
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}

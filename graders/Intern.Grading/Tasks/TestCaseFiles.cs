using System.Text;

namespace Intern.Grading.Tasks;

/// <summary>
/// Reads a directory of test cases: <c>NAME.in</c> (stdin), <c>NAME.ans</c> (expected answer) and
/// optionally <c>NAME.args</c> (one argument per line). Other files are ignored.
/// </summary>
public static class TestCaseFiles
{
    public const string InputExtension = ".in";
    public const string AnswerExtension = ".ans";
    public const string ArgsExtension = ".args";

    /// <summary>The cases in natural order of their names; throws <see cref="TaskValidationException"/> on an incomplete case.</summary>
    public static IReadOnlyList<TestCase> Load(string directory)
    {
        var (names, problems) = Scan(directory);
        if (problems.Count > 0)
        {
            var located = problems.Select(p => new TaskProblem(Path.Combine(directory, p.File), 0, "", p.Message)).ToList();
            throw new TaskValidationException(directory, located);
        }
        return names.Select(name => Read(directory, name)).ToList();
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
        if (names.Count == 0 && problems.Count == 0)
            problems.Add(("", $"contains no test cases (NAME{InputExtension} with NAME{AnswerExtension})"));
        return (names, problems);
    }

    private static TestCase Read(string directory, string name)
    {
        var argsPath = Path.Combine(directory, name + ArgsExtension);
        var args = File.Exists(argsPath) ? SplitArgs(File.ReadAllText(argsPath, Encoding.UTF8)) : [];
        return new TestCase(
            name,
            File.ReadAllBytes(Path.Combine(directory, name + InputExtension)),
            File.ReadAllBytes(Path.Combine(directory, name + AnswerExtension)),
            args);
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

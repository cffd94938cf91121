using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Where a case's files live in the candidate's sandbox, and the argument placeholders that name them
/// (<c>{input}</c>, <c>{output}</c>). See docs/task-packages.md.
/// </summary>
public static class CaseLayout
{
    public const string InputPlaceholder = "{input}";
    public const string OutputPlaceholder = "{output}";

    /// <summary>Everything of a case lives under this folder of <c>/box</c> and is removed after it.</summary>
    public const string CaseRoot = "tests";
    public const string StdinPath = "tests/stdin";
    public const string InputDirectory = "tests/input";
    public const string OutputDirectory = "out";

    public static bool UsesOutput(TestCase testCase) =>
        testCase.Args.Any(a => a.Contains(OutputPlaceholder, StringComparison.Ordinal));

    /// <summary>Replaces the placeholders with the given absolute folders.</summary>
    public static IReadOnlyList<string> Substitute(IReadOnlyList<string> args, string input, string output) =>
        [.. args.Select(a => a.Replace(InputPlaceholder, input, StringComparison.Ordinal).Replace(OutputPlaceholder, output, StringComparison.Ordinal))];

    /// <summary>The arguments as the candidate's program sees them.</summary>
    public static IReadOnlyList<string> CandidateArgs(TestCase testCase) =>
        Substitute(testCase.Args, InputPath(testCase), "/box/" + OutputDirectory);

    /// <summary>Where a program finds <c>{input}</c>: under <c>/box</c>, or the read-only mount for an input kept on disk.</summary>
    public static string InputPath(TestCase testCase) =>
        testCase.InputOnDisk is null ? "/box/" + InputDirectory : SandboxSpec.InputsMountPoint;

    /// <summary>The case's stdin and input files, placed for the candidate's run (an input kept on disk is mounted, not copied).</summary>
    public static IReadOnlyList<SandboxFile> CandidateFiles(TestCase testCase) =>
        [new SandboxFile(StdinPath, testCase.Input), .. testCase.InputFiles.Select(f => f with { Path = InputDirectory + "/" + f.Path })];

    /// <summary>What a candidate's run copies out: the declared outputs, and <c>{output}</c> when the case uses it.</summary>
    public static IReadOnlyList<string> FilesOut(TaskDefinition task, TestCase testCase) =>
        [.. task.Outputs.Select(o => "work/" + o), .. UsesOutput(testCase) ? [OutputDirectory] : Array.Empty<string>()];

    /// <summary>What to delete after a case, so that nothing of it reaches the next one.</summary>
    public static IReadOnlyList<string> Leftovers(TaskDefinition task) =>
        [CaseRoot, OutputDirectory, .. task.Outputs.Select(o => "work/" + o)];
}

namespace Intern.Grading.Tasks;

/// <summary>
/// One mistake in a task package, located precisely enough for an author to fix it without
/// searching: <c>task.yaml:14: groups[1].weight: must be a number greater than 0 (got "abc")</c>.
/// </summary>
/// <param name="File">Path of the file, relative to the package when it is inside it.</param>
/// <param name="Line">1-based line, or 0 when the problem is about the file as a whole.</param>
/// <param name="Field">Path of the field, e.g. <c>groups[1].weight</c>; empty when none applies.</param>
/// <param name="Message">What is wrong, and what would be accepted.</param>
public sealed record TaskProblem(string File, int Line, string Field, string Message)
{
    public override string ToString()
    {
        var location = Line > 0 ? $"{File}:{Line}" : File;
        return Field.Length > 0 ? $"{location}: {Field}: {Message}" : $"{location}: {Message}";
    }
}

/// <summary>A task package (or a part of it) is invalid; <see cref="Problems"/> lists every mistake found, not just the first.</summary>
public sealed class TaskValidationException : Exception
{
    public TaskValidationException(string packageDirectory, IReadOnlyList<TaskProblem> problems)
        : base(Describe(packageDirectory, problems)) => Problems = problems;

    public TaskValidationException() => Problems = [];

    public TaskValidationException(string message) : base(message) => Problems = [];

    public TaskValidationException(string message, Exception innerException)
        : base(message, innerException) => Problems = [];

    public IReadOnlyList<TaskProblem> Problems { get; }

    private static string Describe(string directory, IReadOnlyList<TaskProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var noun = problems.Count == 1 ? "problem" : "problems";
        return $"{directory}: {problems.Count} {noun}:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", problems);
    }
}

namespace Intern.Grading.Tasks;

/// <summary>One test: bytes for stdin, the expected answer, and arguments appended to the run command.</summary>
public sealed record TestCase(string Name, ReadOnlyMemory<byte> Input, ReadOnlyMemory<byte> Answer, IReadOnlyList<string> Args);

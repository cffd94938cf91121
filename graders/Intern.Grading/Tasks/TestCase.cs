using Intern.Grading.Sandbox;

namespace Intern.Grading.Tasks;

/// <summary>
/// One test case. File cases have stdin (<see cref="Input"/>), an answer and arguments; folder cases
/// (<see cref="IsFolder"/>) may add files placed at <c>{input}</c> and an answer that is a folder.
/// </summary>
public sealed record TestCase(string Name, ReadOnlyMemory<byte> Input, ReadOnlyMemory<byte> Answer, IReadOnlyList<string> Args)
{
    /// <summary>Files the program reads at <c>{input}</c>, with paths relative to it.</summary>
    public IReadOnlyList<SandboxFile> InputFiles { get; init; } = [];

    /// <summary>The files of an answer folder, relative to it; empty when the answer is the single file <see cref="Answer"/>.</summary>
    public IReadOnlyList<SandboxFile> AnswerFiles { get; init; } = [];

    public bool IsFolder { get; init; }

    /// <summary>
    /// The host folder that holds the case's input files when they are too large to keep in memory and copy into
    /// a sandbox; they then reach programs through a read-only mount (<see cref="Sandbox.SandboxSpec.InputsDirectory"/>)
    /// and <see cref="InputFiles"/> is empty. Null for the usual case.
    /// </summary>
    public string? InputOnDisk { get; init; }
}

using Intern.Grading.Sandbox;

namespace Intern.Grading.Tests.Grading;

/// <summary>
/// A sandbox for unit tests of the grading logic: the test scripts its runs (and, where a group is served, its servers);
/// files put in, deletions and disposal cost nothing and do nothing.
/// </summary>
internal abstract class ScriptedSandbox(string id) : ISandbox
{
    public string Id => id;

    public abstract Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken);

    public virtual Task<IServedProgram> ServeAsync(RunRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This scripted sandbox serves nothing.");

    public Task PutFilesAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

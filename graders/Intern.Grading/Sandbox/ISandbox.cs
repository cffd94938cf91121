namespace Intern.Grading.Sandbox;

/// <summary>
/// Starts hardened sandboxes. Implementations must give every sandbox: no network, a read-only
/// root file system, size-capped scratch file systems, memory, pids and CPU limits, no new
/// privileges, no capabilities, a non-root user, and removal on every path (dispose, timeout,
/// cancellation, and a sweep of leftovers from crashed graders).
/// </summary>
public interface ISandboxFactory
{
    Task<ISandbox> StartAsync(SandboxSpec spec, CancellationToken cancellationToken);
}

/// <summary>
/// A started sandbox that runs many programs one after another without a new start per run.
/// After each run every process the run left behind is killed, so runs do not leak into each other;
/// files under <c>/box</c> do persist between runs (a build's output is used by the test runs).
/// Throws <see cref="SandboxException"/> when the platform fails; candidate misbehaviour is a
/// <see cref="SandboxStatus"/>, never an exception.
/// </summary>
public interface ISandbox : IAsyncDisposable
{
    Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Copies files in under <c>/box</c> without running anything.</summary>
    Task PutFilesAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken);

    /// <summary>Deletes paths under <c>/box</c> (e.g. a test case's input once it has run).</summary>
    Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);
}

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
    /// <summary>Identifies this sandbox to the engine, e.g. for <see cref="SandboxSpec.JoinNetworkOf"/>.</summary>
    string Id { get; }

    Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken);

    /// <summary>Copies files in under <c>/box</c> without running anything.</summary>
    Task PutFilesAsync(IReadOnlyList<SandboxFile> files, CancellationToken cancellationToken);

    /// <summary>Deletes paths under <c>/box</c> (e.g. a test case's input once it has run).</summary>
    Task DeleteAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a long-running program (a server) under the request's limits and returns at once.
    /// Until it ends, the sandbox takes no other request: other calls wait for it.
    /// </summary>
    Task<IServedProgram> ServeAsync(RunRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// A program started by <see cref="ISandbox.ServeAsync"/>. It ends by itself (a crash, a limit) or
/// when stopped; either way the sandbox then kills whatever it left behind, as after any run.
/// </summary>
public interface IServedProgram
{
    /// <summary>
    /// Completes when the program has ended. A program that ran until <see cref="StopAsync"/> asked it
    /// to end has status OK, whatever its exit; one that ended earlier is judged like any run, and
    /// <see cref="EndedByItself"/> tells the two apart.
    /// </summary>
    Task<RunResult> Completion { get; }

    /// <summary>True when the program ended before anyone asked it to stop.</summary>
    bool EndedByItself { get; }

    /// <summary>Asks the program to end (SIGTERM, then SIGKILL after a grace) and waits for its result.</summary>
    Task<RunResult> StopAsync(CancellationToken cancellationToken);
}

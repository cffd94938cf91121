using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;
using Intern.Grading.Tasks;

namespace Intern.Grading.Grading;

/// <summary>
/// Runs the package's reference solution on a case in its own sandbox, in the same grading as the
/// candidate, so that timing groups compare two measurements taken on the same machine at the same time.
/// </summary>
internal sealed class ReferenceRunner(TaskDefinition task, ISandboxFactory sandboxes, GradingSettings settings, MountedInputs? inputs) : IAsyncDisposable
{
    private readonly Dictionary<string, ISandbox> _boxes = new(StringComparer.Ordinal);

    public async Task<RunResult> RunAsync(TimingDefinition timing, RunRequest request, CancellationToken ct)
    {
        var box = await SandboxForAsync(timing.ReferenceDirectory, ct);
        var result = await box.RunAsync(request, ct);
        await box.DeleteAsync(CaseLayout.Leftovers(task), ct);
        if (result.Status != SandboxStatus.OK)
        {
            // The reference is the task author's code: its failure is the package's bug, never the applicant's.
            throw new SandboxException($"The reference solution {Path.GetFileName(timing.ReferenceDirectory)} failed ({result.Status}: {result.Message}).");
        }
        return result;
    }

    private async Task<ISandbox> SandboxForAsync(string directory, CancellationToken ct)
    {
        if (_boxes.TryGetValue(directory, out var box))
            return box;
        var files = (await SubmissionArchive.ReadAsync(directory, new ArchiveLimits { MaxTotalBytes = 1L << 30 }, ct))
            .Where(f => f.Path != SolutionCatalog.ExpectFileName).ToList();
        var (started, build) = await SolutionSandbox.StartAsync(task, files, settings, sandboxes, "reference", null, ct, inputs?.HostDirectory);
        _boxes[directory] = started;
        if (build is { Status: not SandboxStatus.OK })
            throw new SandboxException("The reference solution does not build: " + SolutionSandbox.BuildReport(build));
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var box in _boxes.Values)
            await box.DisposeAsync();
    }
}

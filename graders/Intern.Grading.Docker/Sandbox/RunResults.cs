using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Sandbox;

/// <summary>Turns a supervisor's run reply into a <see cref="RunResult"/>, vetting the files that came out.</summary>
internal static class RunResults
{
    private const int MaxFilesOut = 10_000;

    public static RunResult From(SupervisorExchange reply, RunLimits limits)
    {
        var header = reply.Header;
        var status = Enum.Parse<SandboxStatus>(header.Status!);
        var message = header.Message ?? "";
        IReadOnlyList<SandboxFile> files = [];
        if (reply.Tar.Length > 0)
        {
            try
            {
                using var tar = new MemoryStream(reply.Tar, writable: false);
                files = SandboxTar.Unpack(tar, limits.FilesOutBytes, limits.FileSizeBytes, MaxFilesOut);
            }
            catch (UnsafeArchiveException e)
            {
                // The tar was built from files the program left; whatever is wrong with it is the program's doing.
                status = e.Kind == UnsafeArchiveKind.TooLarge ? SandboxStatus.OLE : SandboxStatus.SV;
                message = "output files refused: " + e.Message;
            }
        }
        return new RunResult
        {
            Status = status,
            ExitCode = header.Exit,
            Signal = header.Signal,
            CpuTime = TimeSpan.FromMilliseconds(header.CpuMs),
            WallTime = TimeSpan.FromMilliseconds(header.WallMs),
            PeakMemoryKb = header.MemKb,
            Stdout = reply.Stdout,
            Stderr = reply.Stderr,
            Files = files,
            Message = message,
        };
    }
}

using Intern.Grading.Sandbox;

namespace Intern.Grading.Docker.Sandbox;

internal static class SupervisorRequests
{

    public static object Serve(RunRequest request, TimeSpan stopGrace)
    {
        var run = (Dictionary<string, object?>)Run(request);
        run["stoppable"] = true;
        run["stop_grace_ms"] = (long)stopGrace.TotalMilliseconds;
        return run;
    }

    public static object Run(RunRequest request)
    {
        var limits = request.Limits;
        return new Dictionary<string, object?>
        {
            ["op"] = "run",
            ["argv"] = request.Command,
            ["cwd"] = request.WorkingDirectory,
            ["mkdirs"] = request.EmptyDirectories,
            ["clear_tmp"] = request.ClearTmp,
            ["stdin"] = request.StdinPath,
            ["env"] = request.Environment,
            ["cpu_ms"] = (long)limits.CpuTime.TotalMilliseconds,
            ["wall_ms"] = (long)limits.WallTime.TotalMilliseconds,
            ["memory"] = limits.MemoryBytes,
            ["stdout_max"] = limits.StdoutBytes,
            ["stderr_max"] = limits.StderrBytes,
            ["fsize"] = limits.FileSizeBytes,
            ["nofile"] = limits.OpenFiles,
            ["files_out"] = request.FilesOut,
            ["files_out_max"] = limits.FilesOutBytes,
            ["files_out_entries"] = 10_000,
        };
    }
}

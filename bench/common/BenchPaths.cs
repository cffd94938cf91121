using System.IO.Compression;

namespace Intern.Bench;

/// <summary>Where a benchmark finds the repository, and the solutions it submits.</summary>
public static class BenchPaths
{
    /// <summary>The checkout this benchmark was built from (the folder holding Intern.sln).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Intern.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root.");
    }

    /// <summary>The build of the server beside the benchmark: `Intern.Server.dll worker` is the worker a deployment runs.</summary>
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "Intern.Server.dll");

    /// <summary>The INTERN_TEST_POSTGRES server that run.sh starts, as an administrator's connection string.</summary>
    public static string AdminConnectionString() => Environment.GetEnvironmentVariable("INTERN_TEST_POSTGRES")
        ?? throw new InvalidOperationException("INTERN_TEST_POSTGRES is not set: run the benchmark's run.sh, which starts PostgreSQL.");

    /// <summary>A zip with one executable `run` script, as an applicant would pack it; <paramref name="extra"/> makes archives differ.</summary>
    public static byte[] RunScriptZip(string script, string? extra = null)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry("run");
            entry.ExternalAttributes = Convert.ToInt32("100755", 8) << 16;
            using (var run = new StreamWriter(entry.Open()))
                run.Write(script);
            if (extra is not null)
            {
                using var notes = new StreamWriter(archive.CreateEntry("NOTES.md").Open());
                notes.Write(extra);
            }
        }
        return zip.ToArray();
    }

    /// <summary>The `sum` fixture's accepted solution.</summary>
    public static byte[] SumArchive() =>
        RunScriptZip("#!/bin/sh\nexec python3 -c 'import sys; print(sum(map(int, sys.stdin.read().split())))'\n");
}

using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Intern.Grading.Results;

namespace Intern.Grading.Docker.Tests;

/// <summary>`intern grade` and `intern tasks check` as a user runs them, in a child process.</summary>
[Collection(DockerTests.Name)]
public sealed class CommandLineTests(DockerEngine docker) : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("intern-cli-");

    private static string Solution(string label) => Path.Combine(DockerEngine.FixtureTask, "solutions", label);

    [Fact]
    public async Task GradePrintsSummaryAndWritesJsonAndJUnit()
    {
        _ = docker;
        var json = Path.Combine(_scratch.FullName, "result.json");
        var junit = Path.Combine(_scratch.FullName, "junit.xml");
        var (code, stdout, _) = await RunCliAsync("grade", DockerEngine.FixtureTask, Solution("wrong-answer"), "--json", json, "--junit", junit);
        Assert.Equal(0, code);
        Assert.Contains("Score: 20/100", stdout, StringComparison.Ordinal);
        var result = ResultJson.Deserialize(await File.ReadAllTextAsync(json));
        Assert.Equal(20, result.Score);
        Assert.Equal(10, result.Tests.Count);
        Assert.Contains(result.Tests, t => t.Verdict == TestVerdict.WA && t.Status == "failed");
        var xml = XDocument.Load(junit);
        Assert.Equal(10, xml.Descendants("testcase").Count());
        Assert.Equal(8, xml.Descendants("failure").Count());
    }

    [Fact]
    public async Task SubmissionWithoutRunExitsThree()
    {
        var (code, stdout, _) = await RunCliAsync("grade", DockerEngine.FixtureTask, Solution("missing-run"));
        Assert.Equal(3, code);
        Assert.Contains("Not gradable", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/cron.d/evil")]
    public async Task ArchiveWithEscapingEntryExitsThree(string entryName)
    {
        var zip = Path.Combine(_scratch.FullName, "evil.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            await using (var run = archive.CreateEntry("run").Open())
                await run.WriteAsync("#!/bin/sh\ncat\n"u8.ToArray());
            await using var evil = archive.CreateEntry(entryName).Open();
            await evil.WriteAsync("x"u8.ToArray());
        }
        var (code, stdout, _) = await RunCliAsync("grade", DockerEngine.FixtureTask, zip);
        Assert.Equal(3, code);
        Assert.Contains(entryName.TrimStart('/'), stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZipBombExitsThreeWithoutExpandingIt()
    {
        var zip = Path.Combine(_scratch.FullName, "bomb.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            await using var entry = archive.CreateEntry("run", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 300; i++)
                await entry.WriteAsync(zeros);
        }
        var (code, _, _) = await RunCliAsync("grade", DockerEngine.FixtureTask, zip);
        Assert.Equal(3, code);
    }

    [Fact]
    public async Task MissingArgumentsAndInvalidTaskExitTwo()
    {
        Assert.Equal(2, (await RunCliAsync("grade")).Code);
        var bad = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "bad-task"));
        await File.WriteAllTextAsync(Path.Combine(bad.FullName, "task.yaml"), "slug: Bad Slug\n");
        var (code, _, stderr) = await RunCliAsync("grade", bad.FullName, Solution("accepted"));
        Assert.Equal(2, code);
        Assert.Contains("task.yaml:1", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksCheckGradesEveryFixtureSolutionAsDeclared()
    {
        var (code, stdout, stderr) = await RunCliAsync("tasks", "check", DockerEngine.FixtureTask);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("All task packages check out", stdout, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "intern.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["COLUMNS"] = "160";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => _scratch.Delete(recursive: true);
}

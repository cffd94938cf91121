// Sandbox overhead, measured side by side in one run (this machine is noisy, so only ratios and
// differences taken in the same run mean anything).
//
// It grades a task of N trivial cases (the program copies stdin to stdout) in the Docker sandbox and,
// in the same rounds, runs the same program N times directly on the host. Per-case cost in the sandbox
// is the slope between a 1-case and an N-case grading; fixed cost is what remains of the 1-case grading.
// Targets (issue 2): at most 20 ms per case over the bare run, at most 1.5 s fixed cost per grading.
using System.Diagnostics;
using System.Globalization;
using Intern.Grading.Docker.Sandbox;
using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;

const int Cases = 100;
const int Rounds = 3;
var program = "#!/bin/sh\nexec cat\n";

var work = Directory.CreateTempSubdirectory("intern-bench-");
try
{
    var many = WriteTask(Path.Combine(work.FullName, "many"), Cases);
    var one = WriteTask(Path.Combine(work.FullName, "one"), 1);
    var runFile = Path.Combine(work.FullName, "run");
    File.WriteAllText(runFile, program);
    File.SetUnixFileMode(runFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    SandboxFile[] submission = [SandboxFile.Text("run", program, executable: true)];

    using var sandboxes = new DockerSandboxFactory();
    var grader = new Grader(sandboxes, new GradingSettings(), TimeProvider.System);
    await GradeAsync(grader, one, submission); // warm-up: image layers and page cache

    var host = new List<double>();
    var single = new List<double>();
    var full = new List<double>();
    for (var round = 1; round <= Rounds; round++)
    {
        host.Add(HostRuns(runFile, Cases));
        single.Add(await GradeAsync(grader, one, submission));
        full.Add(await GradeAsync(grader, many, submission));
        Console.Error.WriteLine($"round {round}/{Rounds}: host {host[^1]:0} ms, 1 case {single[^1]:0} ms, {Cases} cases {full[^1]:0} ms");
    }

    var hostPerRun = Median(host) / Cases;
    var sandboxPerCase = (Median(full) - Median(single)) / (Cases - 1);
    var fixedCost = Median(single) - sandboxPerCase;
    var overhead = sandboxPerCase - hostPerRun;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        sandbox-overhead: {Cases} trivial cases, median of {Rounds} interleaved rounds
          bare host run            {hostPerRun,8:0.00} ms per run
          sandbox                  {sandboxPerCase,8:0.00} ms per case   (ratio {sandboxPerCase / hostPerRun:0.00}x)
          overhead per case        {overhead,8:0.00} ms   target <= 20 ms   {(overhead <= 20 ? "PASS" : "FAIL")}
          fixed cost per grading   {fixedCost,8:0} ms   target <= 1500 ms {(fixedCost <= 1500 ? "PASS" : "FAIL")}
          {Cases}-case grading       {Median(full),8:0} ms
        """));
    return overhead <= 20 && fixedCost <= 1500 ? 0 : 1;
}
finally
{
    work.Delete(recursive: true);
}

static async Task<double> GradeAsync(Grader grader, TaskDefinition task, SandboxFile[] submission)
{
    var clock = Stopwatch.StartNew();
    var result = await grader.GradeAsync(task, submission, null, CancellationToken.None);
    clock.Stop();
    if (result.Error is not null || result.Tests.Any(t => t.Verdict != TestVerdict.AC))
        throw new InvalidOperationException("The benchmark task did not grade cleanly: " + (result.Error ?? ResultJson.Serialize(result)));
    return clock.Elapsed.TotalMilliseconds;
}

static double HostRuns(string runFile, int count)
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        var start = new ProcessStartInfo(runFile) { RedirectStandardInput = true, RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(runFile)! };
        using var process = Process.Start(start)!;
        process.StandardInput.Write($"{i} {i + 1}\n");
        process.StandardInput.Close();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }
    return clock.Elapsed.TotalMilliseconds;
}

static TaskDefinition WriteTask(string dir, int cases)
{
    var tests = Directory.CreateDirectory(Path.Combine(dir, "tests"));
    for (var i = 0; i < cases; i++)
    {
        File.WriteAllText(Path.Combine(tests.FullName, $"{i:000}.in"), $"{i} {i + 1}\n");
        File.WriteAllText(Path.Combine(tests.FullName, $"{i:000}.ans"), $"{i} {i + 1}\n");
    }
    File.WriteAllText(Path.Combine(dir, "task.yaml"), """
        slug: bench
        title: Sandbox overhead benchmark
        track: bench
        version: 1
        languages: [python]
        image: intern/python
        run:
          command: [./run]
          limits: {cpu_time: 1s, wall_time: 2s, memory: 64MiB}
        groups:
          - name: all
            visibility: visible
            weight: 100
            tests: tests
        """);
    return TaskLoader.Load(dir);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

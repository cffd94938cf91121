// Scale-out of grading workers (issue 11): COUNT queued jobs drained by 1, 2 and 4 `Intern.Server.dll worker`
// processes on one fresh PostgreSQL database, measured side by side in one run, and a check that every
// submission was graded exactly once (none lost, none twice).
//
// The jobs are real gradings of the cheapest task there is (bench/scale-out/tasks/echo: one case, `cat`),
// so that a job costs a container start and a case, not the task's own work. Each configuration drains its
// COUNT in ROUNDS parts, interleaved with the other configurations, so that a shared machine's changing load
// falls on all of them alike. Throughput runs from a batch's first claim to its last result.
// Usage: ScaleOutBench [COUNT] [ROUNDS]   (defaults 1000 and 2); INTERN_TEST_POSTGRES names the server.
using System.Globalization;
using Intern.Bench;

int[] configurations = [1, 2, 4];
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
if (rounds < 1 || count < rounds * configurations.Max())
{
    Console.Error.WriteLine($"usage: ScaleOutBench [COUNT] [ROUNDS], COUNT at least {configurations.Max()} per round");
    return 2;
}
var tasks = Path.Combine(BenchPaths.RepositoryRoot(), "bench", "scale-out", "tasks");
var archive = BenchPaths.RunScriptZip("#!/bin/sh\nexec cat\n");
var drainTimeout = TimeSpan.FromSeconds(120 + (count * 5));

await using var database = await BenchDatabase.CreateAsync(BenchPaths.AdminConnectionString());
var drains = configurations.ToDictionary(n => n, _ => new List<Drain>());
var shares = configurations.ToDictionary(n => n, n => new int[n]);
for (var round = 0; round < rounds; round++)
{
    foreach (var workers in configurations)
    {
        var jobs = (count * (round + 1) / rounds) - (count * round / rounds);
        var processes = new List<WorkerProcess>();
        try
        {
            for (var i = 0; i < workers; i++)
                processes.Add(new WorkerProcess(database.Options, tasks));
            foreach (var process in processes)
                await process.WaitUntilStartedAsync(TimeSpan.FromSeconds(60));
            await WarmUpAsync(processes);
            var before = processes.Select(p => p.Finished).ToArray();
            var drain = await database.WaitForDrainAsync(await database.EnqueueAsync(archive, jobs, "echo"), drainTimeout);
            drains[workers].Add(drain);
            for (var i = 0; i < workers; i++)
                shares[workers][i] += processes[i].Finished - before[i];
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}/{rounds}, {workers} worker(s): {jobs} jobs in {drain.Elapsed.TotalSeconds:0.0} s ({drain.JobsPerSecond:0.00} jobs/s)"));
        }
        finally
        {
            foreach (var process in processes)
                process.Dispose();
        }
    }
}
var (submissions, notOnce, notFull) = await database.VerifyAsync();

var baseline = Drain.Sum(drains[1]);
var failed = drains.Values.Sum(d => Drain.Sum(d).Failed);
var retried = drains.Values.Sum(d => Drain.Sum(d).Retried);
var exactlyOnce = notOnce == 0 && notFull == 0 && failed == 0;
var cores = Environment.ProcessorCount;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"scale-out: {count} jobs of `echo` per configuration on one PostgreSQL, in {rounds} interleaved round(s); workers are `Intern.Server.dll worker` processes"));
Console.WriteLine("  workers   jobs/s   ms per job   vs 1 worker   jobs per worker");
foreach (var workers in configurations)
{
    var drain = Drain.Sum(drains[workers]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {workers,7} {drain.JobsPerSecond,8:0.00} {drain.MsPerJob,12:0.0} {drain.JobsPerSecond / baseline.JobsPerSecond,12:0.00}x   {string.Join(" / ", shares[workers])}"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
      note: every job is a real grading in Docker (container start, one case, removal). This machine has {cores} core(s),
            shared by the workers, the Docker engine and PostgreSQL, so scaling stops near {cores}x whatever the queue does;
            on a cluster each worker brings its own engine and cores.
      graded exactly once   {submissions - notOnce}/{submissions} submissions have one result ({notFull} short of full marks, {failed} failed, {retried} retried)  {(exactlyOnce ? "PASS" : "FAIL")}
    """));
return exactlyOnce ? 0 : 1;

// Each worker grades a job of its own before the clock runs: process start, JIT and the sandbox's first container.
async Task WarmUpAsync(IReadOnlyList<WorkerProcess> workers)
{
    for (var round = 0; workers.Any(w => w.Finished == 0); round++)
    {
        if (round == 10)
            throw new InvalidOperationException("A worker took no warm-up job in 10 rounds.");
        await database.WaitForDrainAsync(await database.EnqueueAsync(archive, workers.Count, "echo"), drainTimeout);
    }
}

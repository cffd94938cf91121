// Queue throughput and the platform's cost per queued job, measured side by side in one run (issue 3).
//
// One fresh PostgreSQL database. COUNT jobs of the trivial `sum` task are drained by ONE
// `Intern.Server.dll worker` process, then COUNT more by TWO, as a deployment runs them. Between the
// one-worker batches (COUNT in five rounds, so that a shared machine's changing load hits both sides
// alike) this process grades the same submission DIRECT times with the Grader alone, no queue and no
// database: the platform's overhead per job is the one-worker drain time per job minus that.
// Usage: QueueBench [COUNT] [DIRECT]   (defaults 500 and 20); INTERN_TEST_POSTGRES names the server.
using System.Diagnostics;
using System.Globalization;
using Intern.Bench;
using Intern.Grading.Docker.Sandbox;
using Intern.Grading.Grading;
using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;
using Intern.Grading.Tasks;

const double TargetOverheadMs = 50;
const int Rounds = 5;
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var directRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
if (count < Rounds || directRuns < Rounds)
{
    Console.Error.WriteLine($"usage: QueueBench [COUNT] [DIRECT], each at least {Rounds}");
    return 2;
}
var admin = BenchPaths.AdminConnectionString();
var root = BenchPaths.RepositoryRoot();
var fixtures = Path.Combine(root, "tests", "fixtures");
var drainTimeout = TimeSpan.FromSeconds(120 + (count * 10));

var archive = BenchPaths.SumArchive();
var files = await SubmissionArchive.ReadZipAsync(new MemoryStream(archive), ArchiveLimits.Default, CancellationToken.None);
var task = TaskLoader.Load(Path.Combine(fixtures, "sum"));
using var sandboxes = new DockerSandboxFactory();
// The same settings and the same per-process cache of generated cases as a worker's.
var grader = new Grader(sandboxes, new GradingSettings(), TimeProvider.System, new GeneratedCases());
var direct = new List<double>();
await GradeDirectAsync(1); // warm-up: generated cases, image layers, page cache
direct.Clear();

await using var database = await BenchDatabase.CreateAsync(admin);
var rounds = new List<Drain>();
using (var worker = await StartAsync())
{
    await WarmUpAsync([worker]);
    for (var round = 0; round < Rounds; round++)
    {
        await GradeDirectAsync(Share(directRuns, round));
        rounds.Add(await DrainAsync(1, Share(count, round)));
    }
}
var one = Drain.Sum(rounds);
Drain two;
using (var first = await StartAsync())
using (var second = await StartAsync())
{
    await WarmUpAsync([first, second]);
    two = await DrainAsync(2, count);
}
var (submissions, notOnce, notFull) = await database.VerifyAsync();

var directMs = direct.Average();
var overhead = one.MsPerJob - directMs;
var exactlyOnce = notOnce == 0 && notFull == 0 && one.Failed + two.Failed == 0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    queue: {count} jobs of `sum` per run on PostgreSQL, workers are `Intern.Server.dll worker` processes
      direct grading (no queue)  {directMs,8:0.0} ms per job    mean of {direct.Count}, between the 1-worker rounds
      1 worker                   {one.JobsPerSecond,8:0.00} jobs/s    {one.MsPerJob,6:0.0} ms per job
      2 workers                  {two.JobsPerSecond,8:0.00} jobs/s    {two.MsPerJob,6:0.0} ms per job
      scaling 2 vs 1 workers     {two.JobsPerSecond / one.JobsPerSecond,8:0.00}x    ({Environment.ProcessorCount} cores)
      platform overhead per job  {overhead,8:0.0} ms          target < {TargetOverheadMs} ms  {(overhead < TargetOverheadMs ? "PASS" : "FAIL")}
      graded exactly once        {submissions - notOnce,4}/{submissions} submissions have one result ({notFull} short of full marks, {one.Failed + two.Failed} failed, {one.Retried + two.Retried} retried)  {(exactlyOnce ? "PASS" : "FAIL")}
    """));
return overhead < TargetOverheadMs && exactlyOnce ? 0 : 1;

async Task<WorkerProcess> StartAsync()
{
    var worker = new WorkerProcess(database.Options, fixtures);
    await worker.WaitUntilStartedAsync(TimeSpan.FromSeconds(60));
    return worker;
}

// Each worker grades a job of its own first: its process generates the hidden cases once.
async Task WarmUpAsync(WorkerProcess[] workers)
{
    for (var round = 0; workers.Any(w => w.Finished == 0); round++)
    {
        if (round == 10)
            throw new InvalidOperationException("A worker took no warm-up job in 10 rounds.");
        await database.WaitForDrainAsync(await database.EnqueueAsync(archive, workers.Length), drainTimeout);
    }
}

async Task<Drain> DrainAsync(int workers, int jobs)
{
    var drain = await database.WaitForDrainAsync(await database.EnqueueAsync(archive, jobs), drainTimeout);
    Console.Error.WriteLine($"{workers} worker(s): {jobs} jobs in {drain.Elapsed.TotalSeconds:0.0} s");
    return drain;
}

// The part of total that round gets, so that the rounds add up to total exactly.
static int Share(int total, int round) => (total * (round + 1) / Rounds) - (total * round / Rounds);

async Task GradeDirectAsync(int runs)
{
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        var result = await grader.GradeAsync(task, files, null, CancellationToken.None);
        direct.Add(clock.Elapsed.TotalMilliseconds);
        if (result.Error is not null || result.Score != result.MaxScore)
            throw new InvalidOperationException($"The direct grading did not get full marks: {result.Error ?? result.Output}");
    }
    Console.Error.WriteLine($"direct: {direct.Count} gradings so far, {direct.DefaultIfEmpty().Average():0} ms mean");
}

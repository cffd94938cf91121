// Upload burst (issue 11): UPLOADS concurrent multipart uploads on loopback to the Release server on a fresh
// PostgreSQL database, as the browser and API clients send them (POST /api/submissions/, personal access tokens),
// then a check in the database that every 202 has its submission, job and blob and that refused uploads left
// nothing, and the drain of the accepted jobs by WORKERS `Intern.Server.dll worker` processes.
//
// The server runs with its default limits. Each applicant sends PER_APPLICANT uploads inside the same burst,
// so with the default cap of 2 gradings waiting per applicant (Intake:MaxQueuedPerApplicant) and no worker
// running during the burst, every applicant's third upload must be refused with 429: the burst shows the
// cap holding under concurrency, and refusals to audit. Every tenth upload sends the same archive (an
// untouched starter kit, say), so racing uploads also share one blob.
// The server's database connections are capped through its connection string (POOL, default 20): Npgsql's default
// of 100 per process is PostgreSQL's default max_connections, so one server under a burst would take every slot
// and answer 503 (53300) while workers and other servers could not connect. A deployment sizes the pools alike.
// Usage: [POOL=20] UploadBurstBench [UPLOADS] [PER_APPLICANT] [WORKERS]   (defaults 300, 3, 2)
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Intern.Bench;
using Intern.Bench.UploadBurst;
using Intern.Server.Persistence;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

var uploads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var perApplicant = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var workers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
if (uploads < 1 || perApplicant < 1 || workers < 1)
{
    Console.Error.WriteLine("usage: UploadBurstBench [UPLOADS] [PER_APPLICANT] [WORKERS], each at least 1");
    return 2;
}
var pool = int.Parse(Environment.GetEnvironmentVariable("POOL") ?? "20", CultureInfo.InvariantCulture);
var applicants = (uploads + perApplicant - 1) / perApplicant;
var cap = new IntakeOptions().MaxQueuedPerApplicant;
var requestTimeout = TimeSpan.FromSeconds(60);
var burstBound = TimeSpan.FromSeconds(180);
var fixtures = Path.Combine(BenchPaths.RepositoryRoot(), "tests", "fixtures");
const string Solution = "#!/bin/sh\nexec python3 -c 'import sys; print(sum(map(int, sys.stdin.read().split())))'\n";

await using var database = await BenchDatabase.CreateAsync(BenchPaths.AdminConnectionString());
var tokens = await Intern.Server.Tests.TestApplicants.SeedAsync(database.Options, applicants + 1);
var spool = Directory.CreateTempSubdirectory("intern-burst-spool-");
var shared = BenchPaths.RunScriptZip(Solution, "the starter kit's notes\n");
// 48 KiB of random bytes as base64 text in each archive: a solution with some data, about 45 KiB zipped.
var archives = Enumerable.Range(0, uploads)
    .Select(i => i % 10 == 0 ? shared : BenchPaths.RunScriptZip(Solution, $"upload {i}\n{Convert.ToBase64String(RandomNumberGenerator.GetBytes(48 << 10))}\n"))
    .ToList();

var results = new List<Upload>();
TimeSpan burst;
var serverDatabase = new DatabaseOptions
{
    Provider = "postgres",
    ConnectionString = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString) { MaxPoolSize = pool }.ConnectionString,
};
TimeSpan serverCpu;
using (var server = new ServerProcess(serverDatabase, fixtures, new Dictionary<string, string> { ["Intake:SpoolDirectory"] = spool.FullName }))
{
    var address = await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(90));
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = uploads + 8 };
    using var http = new HttpClient(handler) { BaseAddress = address, Timeout = requestTimeout };
    // Warm-up by an applicant of its own, one upload at a time: JIT, connection pools, EF's model.
    for (var i = 0; i < cap; i++)
        results.Add(await SendAsync(http, applicants, BenchPaths.RunScriptZip(Solution, $"warm-up {i}\n"), CancellationToken.None));

    using var bound = new CancellationTokenSource(burstBound);
    var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var sending = Enumerable.Range(0, uploads).Select(async i =>
    {
        await gate.Task;
        return await SendAsync(http, i % applicants, archives[i], bound.Token);
    }).ToList();
    var cpuBefore = server.ProcessorTime;
    var clock = Stopwatch.StartNew();
    gate.SetResult();
    var answered = await Task.WhenAll(sending);
    burst = clock.Elapsed;
    serverCpu = server.ProcessorTime - cpuBefore;
    results.AddRange(answered);
    if (answered.Any(u => u.Status is 0 or >= 500))
        Console.Error.WriteLine($"The server's last lines:\n{server.Tail()}");
}

var problems = (await BurstAudit.CheckAsync(database.Options, results, cap, spool.FullName)).ToList();
spool.Delete(recursive: true);

var queued = await QueuedJobsAsync();
var drainClock = Stopwatch.StartNew();
var processes = new List<WorkerProcess>();
Drain drain;
try
{
    for (var i = 0; i < workers; i++)
        processes.Add(new WorkerProcess(database.Options, fixtures));
    drain = await database.WaitForDrainAsync(queued, TimeSpan.FromSeconds(120 + (queued.Count * 5)));
}
finally
{
    foreach (var process in processes)
        process.Dispose();
}
var drainWall = drainClock.Elapsed;
var (submissions, notOnce, notFull) = await database.VerifyAsync();
if (notOnce > 0 || notFull > 0 || drain.Failed > 0)
    problems.Add($"after the drain {notOnce} submission(s) lack exactly one result, {notFull} short of full marks, {drain.Failed} failed");

var sent = results.Skip(cap).ToList();
var accepted = sent.Where(u => u.Status == 202).ToList();
var latencies = sent.Select(u => u.Milliseconds).Order().ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
    upload-burst: {uploads} concurrent multipart uploads (~{archives.Average(a => a.Length) / 1024:0} KiB each) on loopback to the Release server on PostgreSQL, {applicants} applicants x {perApplicant}, default limits (at most {cap} gradings waiting per applicant), {pool} database connections, no workers during the burst; {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end
      answers                 {string.Join(", ", sent.CountBy(u => u.Status).OrderBy(s => s.Key).Select(s => $"{s.Value} x {(s.Key == 0 ? "none" : s.Key.ToString(CultureInfo.InvariantCulture))}"))}
      accepted / refused      {accepted.Count} / {sent.Count - accepted.Count}
      upload latency          p50 {Percentile(latencies, 0.50),7:0} ms   p99 {Percentile(latencies, 0.99),7:0} ms   max {latencies[^1],7:0} ms   (one upload alone, warm: {results[cap - 1].Milliseconds:0} ms)
      throughput              {sent.Count / burst.TotalSeconds,7:0.0} uploads/s ({accepted.Count / burst.TotalSeconds:0.0} accepted/s), the burst took {burst.TotalSeconds:0.00} s
      server CPU              {serverCpu.TotalMilliseconds / sent.Count,7:0.0} ms per upload ({serverCpu.TotalSeconds:0.0} s in {burst.TotalSeconds:0.0} s of burst)
      drain                   {queued.Count} jobs by {workers} worker process(es): {drainWall.TotalSeconds:0.0} s from their start ({drain.JobsPerSecond:0.00} jobs/s from first claim to last result), {Environment.ProcessorCount} cores shared with Docker
      database audit          {submissions} submissions, each with one job, its blob and one result; refused uploads left nothing  {(problems.Count == 0 ? "PASS" : "FAIL")}
    """));
foreach (var problem in problems)
    Console.WriteLine($"  problem: {problem}");
return problems.Count == 0 ? 0 : 1;

async Task<Upload> SendAsync(HttpClient http, int applicant, byte[] archive, CancellationToken ct)
{
    using var form = new MultipartFormDataContent();
    form.Add(new StringContent("sum"), "task");
    var file = new ByteArrayContent(archive);
    file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
    form.Add(file, UploadForm.FileField, "solution.zip");
    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/submissions/", UriKind.Relative)) { Content = form };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[applicant]);
    var sha = Convert.ToHexStringLower(SHA256.HashData(archive));
    var clock = Stopwatch.StartNew();
    try
    {
        using var response = await http.SendAsync(request, ct);
        Guid? id = response.StatusCode == System.Net.HttpStatusCode.Accepted
            ? (await response.Content.ReadFromJsonAsync<SubmissionsApi.Accepted>(ct))!.Id
            : null;
        if (id is null)
            await response.Content.ReadAsByteArrayAsync(ct);
        return new Upload(applicant, sha, (int)response.StatusCode, id, clock.Elapsed.TotalMilliseconds);
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
    {
        return new Upload(applicant, sha, 0, null, clock.Elapsed.TotalMilliseconds);
    }
}

async Task<IReadOnlyList<Guid>> QueuedJobsAsync()
{
    await using var db = DatabaseRegistration.Create(database.Options);
    return await db.GradingJobs.Where(j => j.State == JobState.Queued).Select(j => j.Id).ToListAsync();
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

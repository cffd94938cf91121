using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Tests.Submissions;

/// <summary>
/// kill -9 of the real server process while an upload is still arriving: nothing of it is stored, and the
/// half-written spool file that the dead process could not delete is swept when the server starts again.
/// </summary>
public abstract class UploadCrashTests<TDatabases>(TDatabases databases) : IClassFixture<TDatabases>
    where TDatabases : TestDatabases
{
    private const string Boundary = "intern-crash-test";

    [Fact]
    public async Task ServerKilledMidUploadStoresNothingAndTheNextStartSweepsItsSpoolFile()
    {
        var database = await databases.CreateAsync();
        var token = (await TestApplicants.SeedAsync(database, 1))[0];
        var spool = Directory.CreateTempSubdirectory("intern-spool-test-");
        try
        {
            var body = MultipartBody(SolutionZip());
            string partial;
            await using (var server = await ServerProcess.StartAsync(database, new Dictionary<string, string> { ["Intake:SpoolDirectory"] = spool.FullName }))
            {
                using var client = server.Client(token);
                using var stall = new CancellationTokenSource();
                var sent = body.Length * 3 / 4;
                var upload = client.PostAsync(new Uri("/api/submissions/", UriKind.Relative), new StallingContent(body, sent, stall.Token));
                partial = await WaitForSpoolFileAsync(spool.FullName, sent / 2, upload, server);
                await server.KillAsync();
                await stall.CancelAsync();
                Assert.NotNull(await Record.ExceptionAsync(() => upload));
                Assert.True(File.Exists(partial), "A killed server cannot delete its spool file; the sweep at the next start must.");
            }
            await using (var db = databases.Open(database))
            {
                Assert.Equal(0, await db.Submissions.CountAsync());
                Assert.Equal(0, await db.GradingJobs.CountAsync());
                Assert.Equal(0, await db.Blobs.CountAsync());
            }

            // Only files not written for Intake:SpoolStaleAfter (an hour) are swept, as a live upload's file is written
            // all the time: let that hour pass for the dead upload's file, and plant a fresh one that must survive.
            File.SetLastWriteTimeUtc(partial, TimeProvider.System.GetUtcNow().UtcDateTime - TimeSpan.FromHours(2));
            var fresh = Path.Combine(spool.FullName, UploadSpool.Prefix + "upload-still-arriving");
            await File.WriteAllBytesAsync(fresh, [0x50, 0x4b]);
            await using (var server = await ServerProcess.StartAsync(database, new Dictionary<string, string> { ["Intake:SpoolDirectory"] = spool.FullName }))
            {
                Assert.True(File.Exists(fresh), "A spool file written within Intake:SpoolStaleAfter may be a live upload's.");
                File.Delete(fresh);
                Assert.False(File.Exists(partial), $"The stale spool file survived the start:\n{server.Output}");
                using var client = server.Client(token);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
                var response = await client.PostAsync(new Uri("/api/submissions/", UriKind.Relative), content);
                Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                await using var db = databases.Open(database);
                Assert.Equal(1, await db.Submissions.CountAsync());
                Assert.Equal(1, await db.GradingJobs.CountAsync());
                Assert.Equal(1, await db.Blobs.CountAsync());
                Assert.Empty(Directory.GetFiles(spool.FullName));
            }
        }
        finally
        {
            spool.Delete(recursive: true);
        }
    }

    /// <summary>A gradable solution with 2 MiB of incompressible data, so that the upload takes real room on disk.</summary>
    private static byte[] SolutionZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ("run", "#!/bin/sh\nexec python3 solution.py\n"u8.ToArray()), ("solution.py", "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n"u8.ToArray()), ("data.bin", RandomNumberGenerator.GetBytes(2 << 20)) })
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }
        return stream.ToArray();
    }

    private static byte[] MultipartBody(byte[] zip)
    {
        var head = Encoding.ASCII.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"task\"\r\n\r\nsum\r\n" +
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"solution.zip\"\r\nContent-Type: application/zip\r\n\r\n");
        return [.. head, .. zip, .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n")];
    }

    private static async Task<string> WaitForSpoolFileAsync(string spool, long minBytes, Task<HttpResponseMessage> upload, ServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (Directory.GetFiles(spool, UploadSpool.Prefix + "*").FirstOrDefault(f => new FileInfo(f).Length >= minBytes) is { } file)
                return file;
            if (upload.IsCompleted)
            {
                var early = await upload;
                throw new InvalidOperationException($"The server answered {(int)early.StatusCode} before the upload was complete: {await early.Content.ReadAsStringAsync()}");
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
                throw new TimeoutException($"No spool file of {minBytes} bytes appeared in {spool}: uploads are not streamed to the spool directory.\n{server.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Announces the whole body, sends the first <paramref name="sent"/> bytes, and then stalls until cancelled.</summary>
    private sealed class StallingContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly int _sent;
        private readonly CancellationToken _stall;

        public StallingContent(byte[] body, int sent, CancellationToken stall)
        {
            (_body, _sent, _stall) = (body, sent, stall);
            Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, _sent), _stall);
            await stream.FlushAsync(_stall);
            await Task.Delay(Timeout.Infinite, _stall);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}

public sealed class UploadCrashOnSqliteTests(SqliteDatabases databases) : UploadCrashTests<SqliteDatabases>(databases);

public sealed class UploadCrashOnPostgresTests(PostgresDatabases databases) : UploadCrashTests<PostgresDatabases>(databases);

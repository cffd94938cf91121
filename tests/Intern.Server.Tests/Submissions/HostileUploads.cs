using System.IO.Compression;
using System.Text;

namespace Intern.Server.Tests.Submissions;

/// <summary>
/// Uploads an attacker or a hurried applicant might send, each with the words its refusal must contain.
/// Theories take the case's name, not its bytes: xUnit serializes theory data for discovery element by
/// element, and a 10 MB byte[] that way costs gigabytes of memory and minutes before any test runs.
/// </summary>
public static class HostileUploads
{
    private static readonly Dictionary<string, (Func<byte[]> Build, string Expected)> Cases = new(StringComparer.Ordinal)
    {
        ["zip-slip"] = (() => Zip(("run", "x"), ("../../etc/cron.d/evil", "x")), "leaves the submission folder"),
        ["absolute path"] = (() => Zip(("run", "x"), ("/etc/passwd", "x")), "/etc/passwd"),
        ["symlink"] = (ZipWithSymlink, "link"),
        ["zip bomb"] = (ZipBomb, "expands"),
        ["100,000 entries"] = (() => ManyEntries(100_000), "100000 entries"),
        ["not an archive"] = (() => Encoding.UTF8.GetBytes("this is my solution, pasted as text"), "not a zip or tar archive"),
        ["empty"] = (() => [], "empty"),
        ["missing run"] = (() => Zip(("solution.py", "print(1)")), "'run' is missing"),
    };

    public static IEnumerable<string> CaseNames => Cases.Keys;

    public static TheoryData<string> Names() => [.. Cases.Keys];

    public static (byte[] Upload, string Expected) Get(string name) => (Cases[name].Build(), Cases[name].Expected);

    public static byte[] Zip(params (string Name, string Content)[] entries) =>
        Zip([.. entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Content)))]);

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }
        return stream.ToArray();
    }

    private static byte[] ZipWithSymlink()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var run = zip.CreateEntry("run").Open())
                run.Write("#!/bin/sh\n"u8);
            var link = zip.CreateEntry("secrets");
            link.ExternalAttributes = unchecked((int)0xA1FF0000);
            using var target = link.Open();
            target.Write("/etc/shadow"u8);
        }
        return stream.ToArray();
    }

    private static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var run = zip.CreateEntry("run").Open())
                run.Write("#!/bin/sh\n"u8);
            using var bomb = zip.CreateEntry("data.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 200; i++)
                bomb.Write(zeros);
        }
        return stream.ToArray();
    }

    private static byte[] ManyEntries(int count)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
                zip.CreateEntry($"f{i}.txt", CompressionLevel.NoCompression);
        }
        return stream.ToArray();
    }
}

using System.IO.Compression;

namespace Intern.Web.Tests.Site;

/// <summary>Submissions for the fixture task `sum`, zipped in memory as an applicant would.</summary>
internal static class Solutions
{
    public static byte[] CorrectSum() => Zip(
        ("run", "#!/bin/sh\nexec python3 solution.py\n"),
        ("solution.py", "import sys\n\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"));

    /// <summary>Off by one on every test, so that even the visible ones show a difference.</summary>
    public static byte[] OffByOneSum() => Zip(
        ("run", "#!/bin/sh\nexec python3 solution.py\n"),
        ("solution.py", "import sys\n\nprint(sum(int(x) for x in sys.stdin.read().split()) + 1)\n"));

    /// <summary>Sums only the first line: right on the one-line hidden cases, wrong on the public ones.</summary>
    public static byte[] FirstLineOnlySum() => Zip(
        ("run", "#!/bin/sh\nexec python3 solution.py\n"),
        ("solution.py", "import sys\n\nprint(sum(int(x) for x in sys.stdin.readline().split()))\n"));

    /// <summary>Stops after a hundred numbers: right on short inputs only.</summary>
    public static byte[] FirstHundredSum() => Zip(
        ("run", "#!/bin/sh\nexec python3 solution.py\n"),
        ("solution.py", "import sys\n\nprint(sum(int(x) for x in sys.stdin.read().split()[:100]))\n"));

    public static byte[] WithoutRun() => Zip(("solution.py", "print(0)\n"));

    /// <summary>A correct solution carrying <paramref name="padding"/> incompressible bytes, for uploads that take a while.</summary>
    public static byte[] CorrectSumWithPadding(int padding)
    {
        var noise = new byte[padding];
        new Random(42).NextBytes(noise);
        return Zip(("run", "#!/bin/sh\nexec python3 solution.py\n"),
            ("solution.py", "import sys\n\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"),
            ("notes.bin", noise));
    }

    public static byte[] Zip(params (string Path, object Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                var entry = zip.CreateEntry(path, content is byte[] ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                // rwxr-xr-x for run, as `zip` on Linux would store it.
                entry.ExternalAttributes = (path == "run" ? 0b111_101_101 | 0x8000 : 0b110_100_100 | 0x8000) << 16;
                using var stream = entry.Open();
                stream.Write(content is byte[] bytes ? bytes : System.Text.Encoding.UTF8.GetBytes((string)content));
            }
        }
        return buffer.ToArray();
    }
}

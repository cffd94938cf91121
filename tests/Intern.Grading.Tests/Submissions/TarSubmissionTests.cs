using System.Diagnostics;
using System.Formats.Tar;
using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;
using static Intern.Grading.Tests.Submissions.TestArchives;

namespace Intern.Grading.Tests.Submissions;

public class TarSubmissionTests
{
    private static Task<IReadOnlyList<SandboxFile>> Read(byte[] tar, bool gzip = false, ArchiveLimits? limits = null) =>
        SubmissionArchive.ReadTarAsync(Stream(tar), gzip, limits ?? ArchiveLimits.Default, CancellationToken.None);

    private static async Task<string> RefusalOf(byte[] tar, ArchiveLimits? limits = null) =>
        string.Join("\n", (await Assert.ThrowsAsync<SubmissionFormatException>(() => Read(tar, limits: limits))).Problems);

    public static TheoryData<TarItem, string> HostileEntries => new()
    {
        { new TarItem("../evil.sh"), "entry '../evil.sh' leaves the submission folder" },
        { new TarItem("/etc/cron.d/x"), "entry '/etc/cron.d/x' is an absolute path" },
        { new TarItem("link", Type: TarEntryType.SymbolicLink, LinkName: "/etc/passwd"), "entry 'link' is a symbolic link; links are not accepted" },
        { new TarItem("hard", Type: TarEntryType.HardLink, LinkName: "main.py"), "entry 'hard' is a hard link; links are not accepted" },
        { new TarItem("null", Type: TarEntryType.CharacterDevice), "entry 'null' is a device, pipe or socket" },
        { new TarItem("disk", Type: TarEntryType.BlockDevice), "entry 'disk' is a device, pipe or socket" },
        { new TarItem("pipe", Type: TarEntryType.Fifo), "entry 'pipe' is a device, pipe or socket" },
    };

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public async Task Hostile_entries_are_refused(TarItem item, string expected)
    {
        var problems = await RefusalOf(Tar(new TarItem("main.py"), item));

        Assert.StartsWith(expected, problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzipped_tar_is_read_with_modes_and_top_folder_stripped()
    {
        var tar = Tar(gzip: true,
            new TarItem("proj/", Type: TarEntryType.Directory),
            new TarItem("proj/run", "#!/bin/sh\n", Mode: Executable),
            new TarItem("proj/src/main.c", "int main;"));

        var files = await Read(tar, gzip: true);

        Assert.Equal([("run", true), ("src/main.c", false)], files.Select(f => (f.Path, f.Executable)));
        Assert.Equal("int main;", System.Text.Encoding.UTF8.GetString(files[1].Content.Span));
    }

    [Fact]
    public async Task A_duplicate_entry_is_refused()
    {
        Assert.Equal("entry 'a.txt' appears more than once", await RefusalOf(Tar(new TarItem("a.txt"), new TarItem("./a.txt"))));
    }

    [Fact]
    public async Task Too_many_entries_stop_the_reading()
    {
        var items = Enumerable.Range(0, 2100).Select(i => new TarItem($"f{i}")).ToArray();

        var problems = await RefusalOf(Tar(items));

        Assert.StartsWith("the archive holds more than 2000 entries", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_over_the_file_cap_is_refused_before_it_is_read()
    {
        var limits = new ArchiveLimits { MaxFileBytes = 4 };

        Assert.Equal("entry 'big.txt' expands to more than 4 bytes", await RefusalOf(Tar(new TarItem("big.txt", "12345")), limits));
    }

    [Fact]
    public async Task A_huge_pax_header_is_refused_without_allocating_it()
    {
        var tar = TestArchives.RawTarHeader("PaxHeaders/x", 'x', 1_500_000_000).Concat(new byte[4096]).ToArray();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var problems = await RefusalOf(tar);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 16L << 20);
        Assert.Contains("metadata header declares 1500000000 bytes", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_bomb_declaring_a_huge_file_is_refused_quickly()
    {
        var header = TestArchives.RawTarHeader("zeros.bin", '0', 10L << 30);
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(header);
            gzip.Write(new byte[8 << 20]);
        }
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SubmissionFormatException>(() => Read(compressed.ToArray(), gzip: true));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Equal("entry 'zeros.bin' expands to more than 32 MiB", Assert.Single(error.Problems));
    }

    [Fact]
    public async Task A_truncated_tar_is_refused_as_damaged()
    {
        var tar = Tar(new TarItem("main.py", new string('x', 5000)));

        Assert.Contains("damaged or truncated", await RefusalOf(tar[..1500]), StringComparison.Ordinal);
    }
}

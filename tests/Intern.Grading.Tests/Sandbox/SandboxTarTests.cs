using System.Formats.Tar;
using Intern.Grading.Sandbox;
using Intern.Grading.Tests.Submissions;
using static Intern.Grading.Tests.Submissions.TestArchives;

namespace Intern.Grading.Tests.Sandbox;

public class SandboxTarTests
{
    private static readonly SandboxFile[] Files =
    [
        SandboxFile.Text("work/run", "#!/bin/sh\n", executable: true),
        SandboxFile.Text("work/src/main.c", "int main(void) { return 0; }\n"),
        SandboxFile.Text("tests/" + new string('t', 120) + ".in", "1 2\n"),
        new SandboxFile("empty", ReadOnlyMemory<byte>.Empty),
    ];

    private static IReadOnlyList<SandboxFile> Unpack(byte[] tar, long maxTotal = 1 << 20, long maxFile = 1 << 20, int maxEntries = 100) =>
        SandboxTar.Unpack(new MemoryStream(tar), maxTotal, maxFile, maxEntries);

    [Fact]
    public void Packed_files_unpack_to_the_same_files()
    {
        var unpacked = Unpack(SandboxTar.Pack(Files));

        Assert.Equal(
            Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => (f.Path, Convert.ToHexString(f.Content.Span), f.Executable)),
            unpacked.Select(f => (f.Path, Convert.ToHexString(f.Content.Span), f.Executable)));
    }

    [Fact]
    public void Pack_writes_parent_folders_modes_and_owners()
    {
        using var reader = new TarReader(new MemoryStream(SandboxTar.Pack(Files)));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
            entries.Add(entry);

        Assert.Equal(
            ["empty", "tests/", "tests/" + new string('t', 120) + ".in", "work/", "work/run", "work/src/", "work/src/main.c"],
            entries.Select(e => e.Name));
        Assert.All(entries.Where(e => e.EntryType == TarEntryType.Directory), e => Assert.Equal("755", Octal(e.Mode)));
        Assert.Equal("755", Octal(entries.Single(e => e.Name == "work/run").Mode));
        Assert.Equal("644", Octal(entries.Single(e => e.Name == "work/src/main.c").Mode));
        Assert.All(entries, e => Assert.Equal((0, 0), (e.Uid, e.Gid)));
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);

    [Fact]
    public void Pack_gives_the_same_bytes_for_the_same_files_in_any_order()
    {
        Assert.Equal(SandboxTar.Pack(Files), SandboxTar.Pack(Files.Reverse().ToArray()));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/etc/passwd")]
    public void Pack_refuses_unsafe_paths(string path)
    {
        Assert.Throws<ArgumentException>(() => SandboxTar.Pack([SandboxFile.Text(path, "")]));
    }

    public static TheoryData<TarItem> ForbiddenEntries =>
    [
        new TarItem("out/link", Type: TarEntryType.SymbolicLink, LinkName: "/etc/shadow"),
        new TarItem("out/hard", Type: TarEntryType.HardLink, LinkName: "out/a.txt"),
        new TarItem("out/tty", Type: TarEntryType.CharacterDevice),
        new TarItem("out/sda", Type: TarEntryType.BlockDevice),
        new TarItem("out/pipe", Type: TarEntryType.Fifo),
        new TarItem("/etc/passwd"),
        new TarItem("out/../../escape"),
        new TarItem("out/a.txt"),
    ];

    [Theory]
    [MemberData(nameof(ForbiddenEntries))]
    public void Unpack_refuses_forbidden_entries(TarItem item)
    {
        var tar = Tar(new TarItem("out/", Type: TarEntryType.Directory), new TarItem("out/a.txt"), item);

        var error = Assert.Throws<UnsafeArchiveException>(() => Unpack(tar));

        Assert.Equal(UnsafeArchiveKind.Forbidden, error.Kind);
    }

    [Theory]
    [InlineData(1 << 20, 4, 100)]
    [InlineData(8, 1 << 20, 100)]
    [InlineData(1 << 20, 1 << 20, 2)]
    public void Unpack_refuses_output_over_the_caps(long maxTotal, long maxFile, int maxEntries)
    {
        var tar = Tar(new TarItem("a.txt", "12345"), new TarItem("b.txt", "12345"), new TarItem("c.txt", ""));

        var error = Assert.Throws<UnsafeArchiveException>(() => Unpack(tar, maxTotal, maxFile, maxEntries));

        Assert.Equal(UnsafeArchiveKind.TooLarge, error.Kind);
    }

    [Fact]
    public void Unpack_skips_folders_and_reads_the_executable_bit()
    {
        var tar = Tar(new TarItem("./out/", Type: TarEntryType.Directory), new TarItem("./out/prog", Mode: Executable), new TarItem("./out/data"));

        Assert.Equal([("out/data", false), ("out/prog", true)], Unpack(tar).Select(f => (f.Path, f.Executable)));
    }

    [Fact]
    public void Unpack_refuses_a_huge_metadata_header_as_malformed()
    {
        var tar = RawTarHeader("PaxHeaders/x", 'x', 1_500_000_000).Concat(new byte[1024]).ToArray();

        Assert.Equal(UnsafeArchiveKind.Malformed, Assert.Throws<UnsafeArchiveException>(() => Unpack(tar)).Kind);
    }

    [Fact]
    public void Unpack_refuses_a_truncated_stream_as_malformed()
    {
        var tar = Tar(new TarItem("a.txt", new string('a', 4000)));

        Assert.Equal(UnsafeArchiveKind.Malformed, Assert.Throws<UnsafeArchiveException>(() => Unpack(tar[..1500])).Kind);
    }
}

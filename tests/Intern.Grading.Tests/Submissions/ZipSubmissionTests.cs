using System.IO.Compression;
using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;
using static Intern.Grading.Tests.Submissions.TestArchives;

namespace Intern.Grading.Tests.Submissions;

public class ZipSubmissionTests
{
    private static Task<IReadOnlyList<SandboxFile>> Read(byte[] zip, ArchiveLimits? limits = null) =>
        SubmissionArchive.ReadZipAsync(Stream(zip), limits ?? ArchiveLimits.Default, CancellationToken.None);

    private static async Task<string> RefusalOf(byte[] zip, ArchiveLimits? limits = null) =>
        string.Join("\n", (await Assert.ThrowsAsync<SubmissionFormatException>(() => Read(zip, limits))).Problems);

    [Theory]
    [InlineData("../x", "leaves the submission folder")]
    [InlineData("src/../../x", "leaves the submission folder")]
    [InlineData("src\\..\\..\\x", "leaves the submission folder")]
    [InlineData("/etc/passwd", "is an absolute path")]
    [InlineData("C:/Windows/x", "is an absolute path")]
    [InlineData("C:\\Windows\\x", "is an absolute path")]
    [InlineData("a\u0000b", "control character")]
    public async Task Hostile_paths_are_refused_with_a_hint(string name, string expected)
    {
        var problems = await RefusalOf(Zip(new ZipItem("ok.py"), new ZipItem(name)));

        Assert.Contains(expected, problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_path_is_reported_at_once()
    {
        var error = await Assert.ThrowsAsync<SubmissionFormatException>(() =>
            Read(Zip(new ZipItem("../a"), new ZipItem("/b"), new ZipItem("fine.txt"), new ZipItem("../../c"))));

        Assert.Equal(3, error.Problems.Count);
        Assert.Equal("entry '../a' leaves the submission folder; zip the folder's contents with relative paths", error.Problems[0]);
    }

    [Fact]
    public async Task A_symbolic_link_is_refused()
    {
        var problems = await RefusalOf(Zip(new ZipItem("main.py"), new ZipItem("secret", "/etc/shadow", UnixMode: 0xA1FF)));

        Assert.Equal("entry 'secret' is a symbolic link; links are not accepted", problems);
    }

    [Fact]
    public async Task A_device_entry_is_refused()
    {
        var problems = await RefusalOf(Zip(new ZipItem("main.py"), new ZipItem("tty", "", UnixMode: 0x21B6)));

        Assert.Contains("is a device, pipe or socket", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backslash_paths_are_normalised_and_folders_skipped()
    {
        var files = await Read(Zip(new ZipItem("src/", "", UnixMode: 0x41ED), new ZipItem("src\\lib\\util.py"), new ZipItem("main.py")));

        Assert.Equal(["main.py", "src/lib/util.py"], files.Select(f => f.Path));
    }

    [Fact]
    public async Task A_single_top_level_folder_is_stripped()
    {
        var files = await Read(Zip(new ZipItem("solution/run"), new ZipItem("solution/src/main.py")));

        Assert.Equal(["run", "src/main.py"], files.Select(f => f.Path));
    }

    [Fact]
    public async Task Two_top_level_folders_are_kept()
    {
        var files = await Read(Zip(new ZipItem("a/x.py"), new ZipItem("b/y.py")));

        Assert.Equal(["a/x.py", "b/y.py"], files.Select(f => f.Path));
    }

    [Fact]
    public async Task Operating_system_junk_is_skipped()
    {
        var files = await Read(Zip(
            new ZipItem("__MACOSX/solution/._main.py"), new ZipItem("solution/.DS_Store"),
            new ZipItem("solution/Thumbs.db"), new ZipItem("solution/main.py")));

        Assert.Equal(["main.py"], files.Select(f => f.Path));
    }

    [Fact]
    public async Task Run_and_build_at_the_root_are_always_executable()
    {
        var files = await Read(Zip(new ZipItem("proj/run", UnixMode: 0), new ZipItem("proj/build", UnixMode: 0), new ZipItem("proj/lib/run", UnixMode: 0)));

        Assert.Equal([("build", true), ("lib/run", false), ("run", true)], files.Select(f => (f.Path, f.Executable)));
    }

    [Fact]
    public async Task The_executable_bit_of_unix_zips_is_kept()
    {
        var files = await Read(Zip(new ZipItem("tool.sh", UnixMode: 0x81ED), new ZipItem("data.txt")));

        Assert.Equal([("data.txt", false), ("tool.sh", true)], files.Select(f => (f.Path, f.Executable)));
    }

    [Fact]
    public async Task Content_comes_through_unchanged()
    {
        var files = await Read(Zip(new ZipItem("main.py", "print('hi')\n")));

        Assert.Equal("print('hi')\n", System.Text.Encoding.UTF8.GetString(files[0].Content.Span));
    }

    [Fact]
    public async Task A_duplicate_entry_is_refused()
    {
        var problems = await RefusalOf(Zip(new ZipItem("main.py"), new ZipItem("main.py")));

        Assert.Equal("entry 'main.py' appears more than once", problems);
    }

    [Fact]
    public async Task A_file_that_is_also_a_folder_is_refused()
    {
        var problems = await RefusalOf(Zip(new ZipItem("src"), new ZipItem("src/main.py")));

        Assert.Equal("'src' is both a file and a folder", problems);
    }

    [Fact]
    public async Task Too_long_and_too_deep_paths_are_refused()
    {
        var deep = string.Join('/', Enumerable.Repeat("d", 18)) + "/f";
        var problems = await RefusalOf(Zip(new ZipItem(new string('a', 256)), new ZipItem(deep)));

        Assert.Contains("longer than 255 characters", problems, StringComparison.Ordinal);
        Assert.Contains("nested more than 16 folders deep", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_zip_is_refused_as_empty()
    {
        Assert.Equal("the submission holds no files", await RefusalOf(Zip()));
    }

    [Fact]
    public async Task A_hundred_thousand_tiny_files_are_refused_by_count()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 100_000; i++)
                zip.CreateEntry($"f{i}", CompressionLevel.NoCompression);
        }

        var problems = await RefusalOf(output.ToArray());

        Assert.StartsWith("the archive holds 100000 entries; the limit is 2000", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_total_size_is_capped()
    {
        var limits = new ArchiveLimits { MaxTotalBytes = 10 };

        var problems = await RefusalOf(Zip(new ZipItem("a", "123456"), new ZipItem("b", "123456")), limits);

        Assert.Equal("the files expand to more than 10 bytes in total; leave out data sets and build output", problems);
    }

    [Fact]
    public async Task Garbage_is_refused_as_a_damaged_archive()
    {
        var problems = await RefusalOf("PK\u0003\u0004 this is no zip at all"u8.ToArray());

        Assert.Contains("damaged or truncated", problems, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Runtime.Versioning;
using Intern.Grading.Sandbox;
using Intern.Grading.Submissions;

namespace Intern.Grading.Tests.Submissions;

public sealed class DirectorySubmissionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("intern-submission-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string path, string content = "x")
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private Task<IReadOnlyList<SandboxFile>> Read(ArchiveLimits? limits = null) =>
        SubmissionArchive.ReadAsync(_root, limits ?? ArchiveLimits.Default, CancellationToken.None);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task A_folder_is_read_like_an_archive()
    {
        Write("src/main.py", "print(1)");
        Write("tool.sh");
        Write(".DS_Store");
        Write("__MACOSX/junk");
        Write("empty.txt", "");
        File.SetUnixFileMode(Path.Combine(_root, "tool.sh"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var files = await Read();

        Assert.Equal([("empty.txt", false), ("src/main.py", false), ("tool.sh", true)], files.Select(f => (f.Path, f.Executable)));
        Assert.Equal("print(1)", System.Text.Encoding.UTF8.GetString(files[1].Content.Span));
    }

    [Fact]
    public async Task A_symbolic_link_inside_the_folder_is_refused_and_not_followed()
    {
        Write("main.py");
        File.CreateSymbolicLink(Path.Combine(_root, "passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(_root, "etc"), "/etc");

        var error = await Assert.ThrowsAsync<SubmissionFormatException>(() => Read());

        Assert.Equal(
            ["entry 'etc' is a symbolic link; links are not accepted", "entry 'passwd' is a symbolic link; links are not accepted"],
            error.Problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_named_pipe_is_refused_without_opening_it()
    {
        Write("main.py");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo") { ArgumentList = { Path.Combine(_root, "pipe") } })!)
            await mkfifo.WaitForExitAsync();

        var error = await Assert.ThrowsAsync<SubmissionFormatException>(() => Read());

        Assert.Equal("entry 'pipe' is a device, pipe or socket; only regular files are accepted", Assert.Single(error.Problems));
    }

    [Fact]
    public async Task The_same_limits_apply_to_a_folder()
    {
        Write("a.txt", "12345");
        Write("b.txt", "12345");

        var error = await Assert.ThrowsAsync<SubmissionFormatException>(() => Read(new ArchiveLimits { MaxTotalBytes = 8 }));

        Assert.Contains("in total", Assert.Single(error.Problems), StringComparison.Ordinal);
    }
}

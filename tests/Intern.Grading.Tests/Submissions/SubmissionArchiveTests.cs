using Intern.Grading.Submissions;
using static Intern.Grading.Tests.Submissions.TestArchives;

namespace Intern.Grading.Tests.Submissions;

public sealed class SubmissionArchiveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("intern-upload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Uploads => ["zip", "tar", "tgz", "empty-zip"];

    private static byte[] Upload(string kind) => kind switch
    {
        "zip" => Zip(new ZipItem("main.py")),
        "tar" => Tar(new TarItem("main.py")),
        "tgz" => Tar(gzip: true, new TarItem("main.py")),
        _ => Zip(),
    };

    [Theory]
    [MemberData(nameof(Uploads))]
    public async Task The_format_is_told_by_content_not_by_name(string kind)
    {
        var path = Path.Combine(_folder, "upload.bin");
        await File.WriteAllBytesAsync(path, Upload(kind));

        var read = () => SubmissionArchive.ReadAsync(path, ArchiveLimits.Default, CancellationToken.None);

        if (kind == "empty-zip")
            Assert.Equal("the submission holds no files", Assert.Single((await Assert.ThrowsAsync<SubmissionFormatException>(read)).Problems));
        else
            Assert.Equal("main.py", Assert.Single(await read()).Path);
    }

    [Theory]
    [InlineData("print('a script, not an archive')")]
    [InlineData("")]
    public async Task Anything_else_is_not_a_zip_or_tar_archive(string content)
    {
        var path = Path.Combine(_folder, "main.py");
        await File.WriteAllTextAsync(path, content);

        var error = await Assert.ThrowsAsync<SubmissionFormatException>(() =>
            SubmissionArchive.ReadAsync(path, ArchiveLimits.Default, CancellationToken.None));

        Assert.Contains("not a zip or tar archive", Assert.Single(error.Problems), StringComparison.Ordinal);
    }
}

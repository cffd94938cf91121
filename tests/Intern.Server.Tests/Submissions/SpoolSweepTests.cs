using Intern.Server.Submissions;

namespace Intern.Server.Tests.Submissions;

/// <summary>The sweep removes what dead processes left in the spool directory, and nothing else.</summary>
public sealed class SpoolSweepTests : IDisposable
{
    private readonly DirectoryInfo _spool = Directory.CreateTempSubdirectory("intern-sweep-test-");

    [Fact]
    public void SweepRemovesOnlyStaleSpoolFiles()
    {
        var options = new IntakeOptions { SpoolDirectory = _spool.FullName, SpoolStaleAfter = TimeSpan.FromHours(1) };
        var now = TimeProvider.System.GetUtcNow();
        var stale = Write(UploadSpool.NewFile(options, "upload"), now - TimeSpan.FromHours(2));
        var live = Write(UploadSpool.NewFile(options, "form"), now - TimeSpan.FromMinutes(5));
        var foreign = Write(Path.Combine(_spool.FullName, "somebody-elses-file"), now - TimeSpan.FromDays(3));

        Assert.Equal(1, UploadSpool.Sweep(options, now));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live), "A file written within SpoolStaleAfter may be a live upload.");
        Assert.True(File.Exists(foreign), "Files the server did not name are never its to delete, whatever directory it is given.");
    }

    [Fact]
    public void SpoolDirectoryIsCreatedPrivate()
    {
        var options = new IntakeOptions { SpoolDirectory = Path.Combine(_spool.FullName, "nested") };
        UploadSpool.NewFile(options, "upload");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(options.SpoolDirectory));
    }

    private static string Write(string path, DateTimeOffset lastWrite)
    {
        File.WriteAllText(path, "PK");
        File.SetLastWriteTimeUtc(path, lastWrite.UtcDateTime);
        return path;
    }

    public void Dispose() => _spool.Delete(recursive: true);
}

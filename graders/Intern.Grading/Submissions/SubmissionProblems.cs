namespace Intern.Grading.Submissions;

// One place for the wording the applicant reads, so that every reader says the same thing.
internal static class SubmissionProblems
{
    private const string RelativeHint = "zip the folder's contents with relative paths";

    public static string NotAnArchive => "the upload is not a zip or tar archive; upload a .zip, .tar or .tar.gz file";
    public static string Empty => "the submission holds no files";

    public static string LeavesFolder(string name) => $"entry '{Show(name)}' leaves the submission folder; {RelativeHint}";
    public static string Absolute(string name) => $"entry '{Show(name)}' is an absolute path; {RelativeHint}";
    public static string ControlCharacter(string name) => $"entry '{Show(name)}' has a control character in its name; rename it";
    public static string NoName(string name) => $"entry '{Show(name)}' has no file name";
    public static string PathTooLong(string name, int limit) => $"entry '{Show(name)}' has a path longer than {limit} characters; use shorter names";
    public static string TooDeep(string name, int limit) => $"entry '{Show(name)}' is nested more than {limit} folders deep; flatten the folder structure";
    public static string Link(string name) => $"entry '{Show(name)}' is a symbolic link; links are not accepted";
    public static string HardLink(string name) => $"entry '{Show(name)}' is a hard link; links are not accepted";
    public static string Special(string name) => $"entry '{Show(name)}' is a device, pipe or socket; only regular files are accepted";
    public static string Unsupported(string name, string type) => $"entry '{Show(name)}' has the unsupported type {type}; only regular files and folders are accepted";
    public static string Encrypted(string name) => $"entry '{Show(name)}' is encrypted; upload an archive without a password";
    public static string Duplicate(string path) => $"entry '{Show(path)}' appears more than once";
    public static string FileAndFolder(string path) => $"'{Show(path)}' is both a file and a folder";
    public static string Damaged(string name) => $"entry '{Show(name)}' is damaged (its size or checksum does not match); create the archive again";
    public static string Unreadable(string detail) => $"the archive is damaged or truncated ({detail}); create it again";

    public static string TooManyEntries(long count, int limit) =>
        $"the archive holds {count} entries; the limit is {limit}; leave out dependencies, build output and version control folders";

    public static string TooManyEntriesAtLeast(int limit) =>
        $"the archive holds more than {limit} entries; leave out dependencies, build output and version control folders";

    public static string FileTooLarge(string name, long limit) => $"entry '{Show(name)}' expands to more than {Size(limit)}";
    public static string TotalTooLarge(long limit) => $"the files expand to more than {Size(limit)} in total; leave out data sets and build output";

    public static string RatioTooHigh(string name, double ratio) =>
        $"entry '{Show(name)}' expands more than {ratio:0.##} times its compressed size; remove padded or generated data";

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };

    // Names come from the applicant: keep messages one line long and readable.
    private static string Show(string name)
    {
        var shown = new string(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return shown.Length <= 120 ? shown : shown[..117] + "...";
    }
}

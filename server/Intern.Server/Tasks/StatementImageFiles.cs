using Intern.Web.Tasks;

namespace Intern.Server.Tasks;

/// <summary>
/// The pictures a statement shows. A task folder also holds hidden data, generators and the checker, so the
/// server never serves "files of the task": it serves exactly the images that statement.md references by a
/// relative path (<see cref="StatementImages.Referenced"/>), with an image extension, inside the task folder.
/// </summary>
public static class StatementImageFiles
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
    };

    /// <summary>The file and its media type when <paramref name="path"/> is an image the statement references and it lies inside the task folder.</summary>
    public static (string File, string ContentType)? Find(string taskDirectory, string markdown, string path)
    {
        if (!StatementImages.Referenced(markdown).Contains(path) || !Types.TryGetValue(Path.GetExtension(path), out var type))
            return null;
        var root = Path.GetFullPath(taskDirectory) + Path.DirectorySeparatorChar;
        var file = Path.GetFullPath(Path.Combine(root, path));
        if (!file.StartsWith(root, StringComparison.Ordinal) || !File.Exists(file))
            return null;
        // A link planted in the folder must not lead out of it.
        var target = File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName;
        return target is null || target.StartsWith(root, StringComparison.Ordinal) ? (file, type) : null;
    }
}

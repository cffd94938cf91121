namespace Intern.Grading.Sandbox;

/// <summary>
/// A regular file going into or coming out of a sandbox. <see cref="Path"/> is relative, uses '/',
/// and never contains '..' segments; <see cref="SandboxPath.Normalize"/> enforces that.
/// </summary>
public sealed record SandboxFile(string Path, ReadOnlyMemory<byte> Content, bool Executable = false)
{
    public static SandboxFile Text(string path, string content, bool executable = false) =>
        new(path, System.Text.Encoding.UTF8.GetBytes(content), executable);
}

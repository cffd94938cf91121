namespace Intern.Grading.Sandbox;

/// <summary>Normalises relative paths that cross the sandbox boundary and refuses hostile ones.</summary>
public static class SandboxPath
{
    public const int MaxLength = 512;

    /// <summary>Returns the path with '/' separators and no '.' segments, or null when it is absolute, escapes the root, or is malformed.</summary>
    public static string? Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path.Length > MaxLength || path.Contains('\0', StringComparison.Ordinal))
            return null;
        var p = path.Replace('\\', '/');
        if (p.StartsWith('/') || (p.Length >= 2 && p[1] == ':'))
            return null;
        var parts = new List<string>();
        foreach (var part in p.Split('/'))
        {
            if (part.Length == 0 || part == ".")
                continue;
            if (part == "..")
                return null;
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }
}

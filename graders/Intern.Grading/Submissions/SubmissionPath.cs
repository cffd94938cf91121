namespace Intern.Grading.Submissions;

// Entry names are the applicant's text: they are checked before anything is read under them.
internal static class SubmissionPath
{
    // Returns the relative '/'-separated path, "" for a name that only names the root
    // (such as "./"), or null with a problem for a name that is refused.
    public static string? Normalize(string name, ArchiveLimits limits, out string? problem)
    {
        problem = null;
        if (name.Any(char.IsControl))
        {
            problem = SubmissionProblems.ControlCharacter(name);
            return null;
        }
        var unified = name.Replace('\\', '/');
        if (unified.StartsWith('/') || (unified.Length >= 2 && unified[1] == ':' && char.IsAsciiLetter(unified[0])))
        {
            problem = SubmissionProblems.Absolute(name);
            return null;
        }
        var segments = new List<string>();
        foreach (var segment in unified.Split('/'))
        {
            if (segment is "" or ".")
                continue;
            if (segment == "..")
            {
                problem = SubmissionProblems.LeavesFolder(name);
                return null;
            }
            segments.Add(segment);
        }
        var path = string.Join('/', segments);
        if (path.Length > limits.MaxPathLength)
            problem = SubmissionProblems.PathTooLong(name, limits.MaxPathLength);
        else if (segments.Count - 1 > limits.MaxDepth)
            problem = SubmissionProblems.TooDeep(name, limits.MaxDepth);
        return problem is null ? path : null;
    }

    // Files that operating systems add on their own and applicants never meant to submit.
    public static bool IsJunk(string path)
    {
        if (path == "__MACOSX" || path.StartsWith("__MACOSX/", StringComparison.Ordinal))
            return true;
        var fileName = path[(path.LastIndexOf('/') + 1)..];
        return fileName.Equals(".DS_Store", StringComparison.OrdinalIgnoreCase)
            || fileName.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase);
    }
}

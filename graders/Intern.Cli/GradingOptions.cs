using System.CommandLine;
using Intern.Grading.Grading;
using Intern.Grading.Tasks;

namespace Intern.Cli;

/// <summary>Options and loading shared by the grading verbs.</summary>
internal static class GradingOptions
{
    public const string SecretVariable = "INTERN_GRADING_SECRET";

    /// <summary>Where generated cases are kept between runs (default: ~/.cache/intern/cases); "none" keeps them in memory only.</summary>
    public const string CaseDirectoryVariable = "INTERN_CASE_DIRECTORY";

    public static Option<string?> SecretOption() => new("--secret")
    {
        Description = $"Deployment secret for hidden test seeds (default: ${SecretVariable}, else a development secret).",
    };

    public static GradingSettings Settings(string? secret)
    {
        secret ??= Environment.GetEnvironmentVariable(SecretVariable);
        var settings = new GradingSettings { CaseDirectory = CaseDirectory() };
        return string.IsNullOrEmpty(secret) ? settings : settings with { DeploymentSecret = secret };
    }

    // The command line usually runs next to its Docker engine, so large inputs can be mounted from the user's
    // cache; an engine elsewhere (DOCKER_HOST over tcp or ssh) cannot see it, and gets every input copied.
    private static string? CaseDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(CaseDirectoryVariable);
        if (configured == "none")
            return null;
        if (!string.IsNullOrEmpty(configured))
            return configured;
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal))
            return null;
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "intern", "cases");
    }

    /// <summary>Loads a package, printing every problem with file and line; null when it is invalid.</summary>
    public static TaskDefinition? LoadTask(DirectoryInfo directory)
    {
        try
        {
            return TaskLoader.Load(directory.FullName);
        }
        catch (TaskValidationException e)
        {
            Console.Error.WriteLine($"The task package at {directory.FullName} is not valid:");
            foreach (var problem in e.Problems)
                Console.Error.WriteLine("  " + problem);
            return null;
        }
    }
}

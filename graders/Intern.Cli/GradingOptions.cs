using System.CommandLine;
using Intern.Grading.Grading;
using Intern.Grading.Tasks;

namespace Intern.Cli;

/// <summary>Options and loading shared by the grading verbs.</summary>
internal static class GradingOptions
{
    public const string SecretVariable = "INTERN_GRADING_SECRET";

    public static Option<string?> SecretOption() => new("--secret")
    {
        Description = $"Deployment secret for hidden test seeds (default: ${SecretVariable}, else a development secret).",
    };

    public static GradingSettings Settings(string? secret)
    {
        secret ??= Environment.GetEnvironmentVariable(SecretVariable);
        return string.IsNullOrEmpty(secret) ? new GradingSettings() : new GradingSettings { DeploymentSecret = secret };
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

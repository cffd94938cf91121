namespace Intern.Grading.Grading;

/// <summary>Settings of a grader that are the deployment's, not the task's.</summary>
public sealed record GradingSettings
{
    /// <summary>Secret from which hidden test seeds are derived; keep it out of task packages.</summary>
    public string DeploymentSecret { get; init; } = "intern-local-development-secret";

    /// <summary>Optional cpuset for candidate sandboxes (fair timing on pinned cores).</summary>
    public string? Cpuset { get; init; }
}

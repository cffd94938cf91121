using Intern.Grading.Results;

namespace Intern.Grading.Grading;

/// <summary>Where a grading is, for live progress bars and browser status.</summary>
public enum GradingPhase
{
    Preparing,
    Generating,
    Building,
    Testing,

    /// <summary>A task's checker program judges a case's output in its own container (built-in checkers are instant and say nothing).</summary>
    Checking,
    Finished,
}

/// <summary>One progress report: the phase, how many cases are done out of how many, and the case that just finished.</summary>
public sealed record GradingProgress(GradingPhase Phase, int Done, int Total, string Detail = "", TestResult? Finished = null);

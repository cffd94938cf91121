using Intern.Grading.Results;

namespace Intern.Grading.Grading;

/// <summary>Where a grading is, for live progress bars and browser status.</summary>
public enum GradingPhase
{
    Preparing,
    Generating,
    Building,
    Testing,
    Finished,
}

/// <summary>One progress report: the phase, how many cases are done out of how many, and the case that just finished.</summary>
public sealed record GradingProgress(GradingPhase Phase, int Done, int Total, string Detail = "", TestResult? Finished = null);

namespace Intern.Grading.Checking;

/// <summary>What a checker concluded about one test case's output.</summary>
public enum CheckVerdict
{
    /// <summary>Accepted: the output is right.</summary>
    AC,

    /// <summary>Wrong answer: the output is wrong, malformed, or not valid for the output format.</summary>
    WA,

    /// <summary>Partially accepted: the output earns part of the score. Only program checkers give it.</summary>
    PA,
}

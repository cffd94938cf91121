namespace Intern.Grading.Results;

/// <summary>
/// The verdict of one test case: the sandbox's statuses (RE, TLE, MLE, OLE, SV) when the program
/// did not end normally, otherwise the checker's (AC, WA, PA); CE when the build failed.
/// </summary>
public enum TestVerdict
{
    AC,
    PA,
    WA,
    RE,
    TLE,
    MLE,
    OLE,
    SV,
    CE,
}

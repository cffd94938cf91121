namespace Intern.Grading.Sandbox;

/// <summary>
/// How a program run in the sandbox ended. The vocabulary is fixed: every engine maps its own
/// observations onto exactly these values. A failure of the platform itself is never a status:
/// it is thrown as <see cref="SandboxException"/> and reported as an internal error (XX).
/// </summary>
public enum SandboxStatus
{
    /// <summary>The program exited by itself with code 0 within every limit.</summary>
    OK,

    /// <summary>Runtime error: a non-zero exit code or death by a signal the sandbox did not send.</summary>
    RE,

    /// <summary>Time limit exceeded: CPU time or wall time went over its limit and the sandbox killed the program.</summary>
    TLE,

    /// <summary>Memory limit exceeded: the program was killed for memory, or its peak went over the limit.</summary>
    MLE,

    /// <summary>Output limit exceeded: stdout, stderr or a written file went over its size limit.</summary>
    OLE,

    /// <summary>Security violation: a forbidden action, such as leaving a link or device in the files copied out.</summary>
    SV,
}

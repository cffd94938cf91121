namespace Intern.Grading.Sandbox;

/// <summary>
/// The sandbox itself failed (engine unreachable, image missing, supervisor lost). This is the
/// platform's fault, never the candidate's: callers report it as XX and do not spend an attempt.
/// </summary>
public sealed class SandboxException : Exception
{
    public SandboxException(string message) : base(message) { }

    public SandboxException(string message, Exception inner) : base(message, inner) { }

    public SandboxException() { }
}

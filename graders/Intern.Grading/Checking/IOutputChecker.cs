namespace Intern.Grading.Checking;

/// <summary>
/// Decides whether a candidate program's output is right for one test case.
/// </summary>
/// <remarks>
/// <para><c>expected</c> comes from the task package and is trusted; <c>actual</c> is whatever the
/// candidate's program wrote and may be empty, binary or not valid UTF-8. No content of
/// <c>actual</c> ever makes a checker throw: anything it cannot make sense of is a wrong answer.</para>
/// <para>A malformed <c>expected</c> (for example invalid JSON for a json checker) is a bug in the
/// task, not in the submission, and throws <see cref="InvalidDataException"/> so that it is reported
/// as an internal error rather than as a verdict against the applicant.</para>
/// <para>Implementations are stateless and safe to call from several threads at once.</para>
/// </remarks>
public interface IOutputChecker
{
    CheckOutcome Check(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual);
}

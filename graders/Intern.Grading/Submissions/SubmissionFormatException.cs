namespace Intern.Grading.Submissions;

/// <summary>
/// The submission cannot be graded as uploaded. <see cref="Problems"/> are sentences addressed to
/// the applicant, each saying what to fix; the upload costs no attempt.
/// </summary>
public sealed class SubmissionFormatException : Exception
{
    public SubmissionFormatException(IReadOnlyList<string> problems)
        : base("the submission cannot be graded: " + string.Join("; ", problems)) =>
        Problems = problems;

    public SubmissionFormatException(string message) : this([message]) { }

    public SubmissionFormatException(string message, Exception inner)
        : base("the submission cannot be graded: " + message, inner) =>
        Problems = [message];

    public SubmissionFormatException() : this("the submission is not readable") { }

    public IReadOnlyList<string> Problems { get; }
}

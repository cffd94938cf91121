using System.Text;
using Intern.Grading.Checking;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Grading;

/// <summary>Turns what a run did and what the checker said into a test's verdict, score and explanation.</summary>
public static class CaseJudge
{
    private const int StderrExcerpt = 2000;

    public static TestVerdict Verdict(SandboxStatus status, CheckOutcome? check) => status switch
    {
        SandboxStatus.OK => check?.Verdict switch
        {
            CheckVerdict.AC => TestVerdict.AC,
            CheckVerdict.PA => TestVerdict.PA,
            _ => TestVerdict.WA,
        },
        SandboxStatus.RE => TestVerdict.RE,
        SandboxStatus.TLE => TestVerdict.TLE,
        SandboxStatus.MLE => TestVerdict.MLE,
        SandboxStatus.OLE => TestVerdict.OLE,
        _ => TestVerdict.SV,
    };

    /// <summary>Fraction of the case's points earned: the checker's score when the program ended normally, else nothing.</summary>
    public static double Fraction(SandboxStatus status, CheckOutcome? check) =>
        status == SandboxStatus.OK && check is not null ? Math.Clamp(check.Score, 0, 1) : 0;

    public static string Explain(string commandLine, RunResult run, CheckOutcome? check)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.Append("$ ").AppendLine(commandLine);
        if (run.Status != SandboxStatus.OK)
            text.Append(run.Status).Append(": ").AppendLine(run.Message.Length > 0 ? run.Message : "the program did not end normally");
        else if (check is not null && check.Message.Length > 0)
            text.AppendLine(check.Message);
        if (!run.Stderr.IsEmpty && (run.Status != SandboxStatus.OK || check?.Verdict != CheckVerdict.AC))
        {
            var stderr = Encoding.UTF8.GetString(run.Stderr.Span);
            if (stderr.Length > StderrExcerpt)
                stderr = "..." + stderr[^StderrExcerpt..];
            text.AppendLine("stderr:").AppendLine(stderr.TrimEnd());
        }
        return text.ToString().TrimEnd();
    }
}

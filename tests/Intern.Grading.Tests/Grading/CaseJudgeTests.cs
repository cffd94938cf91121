using System.Text;
using Intern.Grading.Checking;
using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;

namespace Intern.Grading.Tests.Grading;

public class CaseJudgeTests
{
    private const string CommandLine = "./run < 01.in";

    // A null checkVerdict means the checker never ran (as after a crash).
    private static CheckOutcome? Check(CheckVerdict? verdict, double score) =>
        verdict is { } v ? new CheckOutcome(score, v, "") : null;

    private static RunResult Run(SandboxStatus status, string stderr = "", string message = "") => new()
    {
        Status = status,
        Stderr = Encoding.UTF8.GetBytes(stderr),
        Message = message,
    };

    [Theory]
    [InlineData(SandboxStatus.OK, CheckVerdict.AC, 1.0, TestVerdict.AC, 1.0)]
    [InlineData(SandboxStatus.OK, CheckVerdict.PA, 0.25, TestVerdict.PA, 0.25)]
    [InlineData(SandboxStatus.OK, CheckVerdict.WA, 0.0, TestVerdict.WA, 0.0)]
    [InlineData(SandboxStatus.OK, null, 0.0, TestVerdict.WA, 0.0)]
    [InlineData(SandboxStatus.RE, null, 0.0, TestVerdict.RE, 0.0)]
    [InlineData(SandboxStatus.TLE, null, 0.0, TestVerdict.TLE, 0.0)]
    [InlineData(SandboxStatus.MLE, null, 0.0, TestVerdict.MLE, 0.0)]
    [InlineData(SandboxStatus.OLE, null, 0.0, TestVerdict.OLE, 0.0)]
    [InlineData(SandboxStatus.SV, null, 0.0, TestVerdict.SV, 0.0)]
    [InlineData(SandboxStatus.RE, CheckVerdict.AC, 1.0, TestVerdict.RE, 0.0)]
    [InlineData(SandboxStatus.TLE, CheckVerdict.AC, 1.0, TestVerdict.TLE, 0.0)]
    [InlineData(SandboxStatus.MLE, CheckVerdict.PA, 0.5, TestVerdict.MLE, 0.0)]
    [InlineData(SandboxStatus.OLE, CheckVerdict.AC, 1.0, TestVerdict.OLE, 0.0)]
    [InlineData(SandboxStatus.SV, CheckVerdict.AC, 1.0, TestVerdict.SV, 0.0)]
    public void The_sandbox_status_decides_first_and_the_checker_only_for_a_normal_end(
        SandboxStatus status, CheckVerdict? checkVerdict, double checkScore, TestVerdict verdict, double fraction)
    {
        var check = Check(checkVerdict, checkScore);

        Assert.Equal(verdict, CaseJudge.Verdict(status, check));
        Assert.Equal(fraction, CaseJudge.Fraction(status, check));
    }

    [Fact]
    public void Every_sandbox_status_maps_to_a_verdict_of_the_same_name_except_OK()
    {
        foreach (var status in Enum.GetValues<SandboxStatus>().Where(s => s != SandboxStatus.OK))
            Assert.Equal(status.ToString(), CaseJudge.Verdict(status, null).ToString());
    }

    [Fact]
    public void The_explanation_starts_with_the_command_line()
    {
        var text = CaseJudge.Explain(CommandLine, Run(SandboxStatus.OK), CheckOutcome.Accepted());

        Assert.Equal("$ ./run < 01.in", text);
    }

    [Fact]
    public void A_failed_run_is_explained_by_its_status_and_the_sandbox_message()
    {
        var text = CaseJudge.Explain(CommandLine, Run(SandboxStatus.TLE, message: "wall time limit of 5 s exceeded"), null);

        Assert.Equal("$ ./run < 01.in\nTLE: wall time limit of 5 s exceeded", text);
    }

    [Fact]
    public void A_failed_run_without_a_message_still_says_that_the_program_did_not_end_normally()
    {
        var text = CaseJudge.Explain(CommandLine, Run(SandboxStatus.RE), null);

        Assert.Equal("$ ./run < 01.in\nRE: the program did not end normally", text);
    }

    [Fact]
    public void A_wrong_answer_shows_the_checker_message_then_stderr()
    {
        var run = Run(SandboxStatus.OK, stderr: "debug: n=3\n");

        var text = CaseJudge.Explain(CommandLine, run, CheckOutcome.Wrong("line 1: expected \"6\", got \"7\""));

        Assert.Equal("$ ./run < 01.in\nline 1: expected \"6\", got \"7\"\nstderr:\ndebug: n=3", text);
    }

    [Theory]
    [InlineData(SandboxStatus.OK, CheckVerdict.WA, 0.0, true)]
    [InlineData(SandboxStatus.OK, CheckVerdict.PA, 0.5, true)]
    [InlineData(SandboxStatus.RE, null, 0.0, true)]
    [InlineData(SandboxStatus.TLE, null, 0.0, true)]
    [InlineData(SandboxStatus.OK, CheckVerdict.AC, 1.0, false)]
    public void Stderr_is_shown_only_when_the_case_failed(SandboxStatus status, CheckVerdict? checkVerdict, double checkScore, bool shown)
    {
        var text = CaseJudge.Explain(CommandLine, Run(status, stderr: "Traceback: boom"), Check(checkVerdict, checkScore));

        Assert.Equal(shown, text.Contains("stderr:\nTraceback: boom", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_stderr_adds_no_stderr_section()
    {
        var text = CaseJudge.Explain(CommandLine, Run(SandboxStatus.RE, message: "exit code 1"), null);

        Assert.DoesNotContain("stderr", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_stderr_keeps_only_its_end_behind_an_ellipsis()
    {
        var stderr = "FIRST LINE\n" + new string('x', 10_000) + "\nlast line";

        var text = CaseJudge.Explain(CommandLine, Run(SandboxStatus.RE, stderr: stderr), null);

        var shown = text[(text.IndexOf("stderr:\n", StringComparison.Ordinal) + "stderr:\n".Length)..];
        Assert.StartsWith("...", shown, StringComparison.Ordinal);
        Assert.EndsWith("x\nlast line", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("FIRST LINE", text, StringComparison.Ordinal);
        Assert.Equal("...".Length + 2000, shown.Length);
    }

    [Fact]
    public void Stderr_that_is_not_UTF8_is_shown_with_replacement_characters()
    {
        var run = new RunResult { Status = SandboxStatus.RE, Stderr = new byte[] { 0x62, 0xFF, 0x61, 0x64 } };

        var text = CaseJudge.Explain(CommandLine, run, null);

        Assert.EndsWith("stderr:\nb\uFFFDad", text, StringComparison.Ordinal);
    }
}

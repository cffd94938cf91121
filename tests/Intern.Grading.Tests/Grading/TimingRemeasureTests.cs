using System.Text;
using Intern.Grading.Grading;
using Intern.Grading.Results;
using Intern.Grading.Sandbox;
using Intern.Grading.Tasks;
using Intern.Grading.Tests.Tasks;

namespace Intern.Grading.Tests.Grading;

/// <summary>
/// A timed case slower than full points allow is measured again, with its reference, until it is not or three more
/// times have passed, and each keeps its best: a busy machine costs the applicant nothing unless it stays busy.
/// </summary>
public sealed class TimingRemeasureTests : IDisposable
{
    private readonly TempPackage _package = new();

    public TimingRemeasureTests() => _package.Write("task.yaml", """
        slug: sum
        title: Sum
        track: fixture
        version: 1
        languages: [python]
        image: intern/python
        run: {command: [./run]}
        checker: tokens
        groups:
          - name: speed
            visibility: visible
            weight: 10
            tests: tests/speed
            timing: {reference: solutions/reference, full_within: 2, none_beyond: 10}
        """).Write("tests/speed/1.in", "1 2\n").Write("tests/speed/1.ans", "3\n").Write("solutions/reference/run", "#!/bin/sh\n");

    public void Dispose() => _package.Dispose();

    [Theory]
    // Slow (5x the reference) in the first measurements, then as fast as the reference.
    [InlineData(1, 2, 10.0)]
    [InlineData(3, 4, 10.0)]
    // Slow every time: measured three more times, no more, and scored on its best.
    [InlineData(9, 4, 4.31)]
    public async Task ASlowMeasurementIsRepeatedUpToThreeTimes(int slowRuns, int candidateRuns, double score)
    {
        var sandboxes = new Timed(slowRuns);

        var result = await new Grader(sandboxes, new GradingSettings(), TimeProvider.System)
            .GradeAsync(TaskLoader.Load(_package.Directory), [new SandboxFile("run", "#!/bin/sh\n"u8.ToArray(), true)], null, CancellationToken.None);

        var test = Assert.Single(result.Tests);
        Assert.Equal(candidateRuns, sandboxes.CandidateRuns);
        Assert.Equal(candidateRuns, sandboxes.ReferenceRuns);
        Assert.Equal(score, test.Score, precision: 2);
    }

    /// <summary>The reference takes 0.1 s; the candidate 0.5 s in its first <c>slowRuns</c> runs, then 0.1 s. Both print 3.</summary>
    private sealed class Timed(int slowRuns) : ISandboxFactory
    {
        public int CandidateRuns { get; private set; }

        public int ReferenceRuns { get; private set; }

        public Task<ISandbox> StartAsync(SandboxSpec spec, CancellationToken cancellationToken) => Task.FromResult<ISandbox>(new Box(spec.Role, this));

        private RunResult Run(string role)
        {
            var seconds = 0.1;
            if (role == "reference")
                ReferenceRuns++;
            else if (++CandidateRuns <= slowRuns)
                seconds = 0.5;
            return new RunResult { Status = SandboxStatus.OK, Stdout = Encoding.UTF8.GetBytes("3\n"), WallTime = TimeSpan.FromSeconds(seconds) };
        }

        private sealed class Box(string role, Timed owner) : ScriptedSandbox(role)
        {
            public override Task<RunResult> RunAsync(RunRequest request, CancellationToken cancellationToken) => Task.FromResult(owner.Run(Id));
        }
    }
}

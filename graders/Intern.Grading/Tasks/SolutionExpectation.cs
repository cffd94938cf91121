using Intern.Grading.Results;

namespace Intern.Grading.Tasks;

/// <summary>
/// What grading a reference solution must give, from its <c>expect.yaml</c>: an auto score in
/// [<see cref="MinScore"/>, <see cref="MaxScore"/>] (points out of the sum of group weights), every
/// verdict in <see cref="Verdicts"/> on at least one test, or, when <see cref="Gradable"/> is false,
/// a refusal as not gradable.
/// </summary>
public sealed record SolutionExpectation
{
    public double MinScore { get; init; }
    public double MaxScore { get; init; }
    public IReadOnlyList<TestVerdict> Verdicts { get; init; } = [];
    public bool Gradable { get; init; } = true;

    /// <summary>The label of a sibling solution whose files this one's are laid over (expect.yaml's <c>based_on</c>).</summary>
    public string? BasedOn { get; init; }

    /// <summary>Within the range, give or take rounding: a group's weight split over cases need not add back exactly.</summary>
    public bool AcceptsScore(double score) => score >= MinScore - Tolerance && score <= MaxScore + Tolerance;

    private const double Tolerance = 1e-4;
}

/// <summary>
/// A folder <c>solutions/&lt;label&gt;/</c> of a task package and what it must score. With <see cref="BasedOn"/> the folder
/// holds only what differs from that sibling solution (a known-bad variant of the reference, say): the submission is
/// the sibling's files with this folder's laid over them.
/// </summary>
public sealed record ReferenceSolution(string Label, string Directory, SolutionExpectation Expect)
{
    /// <summary>The folder of the solution this one is laid over, or null for a complete solution.</summary>
    public string? BasedOn { get; init; }
}

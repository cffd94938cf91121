using Intern.Server.Reviews;

namespace Intern.Server.Tests.Reviews;

/// <summary>Assigning reviewers evenly, the stable queue order, blind pseudonyms and redaction, and the applicants table.</summary>
public sealed class ReviewPlanTests
{
    private static Guid G(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    public static TheoryData<int, int, int, int, int> AssignCases() => new()
    {
        // submissions, reviewers, per submission, expected assignments, largest load difference
        { 6, 3, 2, 12, 0 },
        { 5, 2, 2, 10, 0 },
        { 7, 3, 1, 7, 1 },
        { 4, 1, 2, 4, 0 },
        { 3, 0, 2, 0, 0 },
        { 10, 4, 3, 30, 1 },
    };

    [Theory]
    [MemberData(nameof(AssignCases))]
    public void EverySubmissionGetsDistinctReviewersAndTheWorkIsEven(int submissions, int reviewers, int perSubmission, int expected, int spread)
    {
        var needs = Enumerable.Range(1, submissions).Select(i => new ReviewPlan.Need(G(i), [])).ToList();
        var load = Enumerable.Range(100, reviewers).ToDictionary(G, _ => 0);
        var plan = ReviewPlan.Assign(needs, load, perSubmission);
        Assert.Equal(expected, plan.Count);
        Assert.Equal(plan.Count, plan.Distinct().Count());
        var perReviewer = load.Keys.Select(r => plan.Count(p => p.Reviewer == r)).ToList();
        Assert.True(perReviewer.Count == 0 || perReviewer.Max() - perReviewer.Min() <= spread, string.Join(",", perReviewer));
    }

    [Fact]
    public void ExistingAssignmentsAndLoadsAreRespected()
    {
        Guid a = G(100), b = G(101), c = G(102);
        var plan = ReviewPlan.Assign([new(G(1), [a]), new(G(2), [a, b])], new Dictionary<Guid, int> { [a] = 5, [b] = 0, [c] = 1 }, 2);
        Assert.Equal([(G(1), b)], plan);
    }

    [Fact]
    public void TheQueueOrderIsStablePerReviewerAndNotUploadOrder()
    {
        var submissions = Enumerable.Range(1, 20).Select(G).ToList();
        List<Guid> Order(Guid reviewer) => [.. submissions.OrderBy(s => ReviewPlan.OrderKey(reviewer, s))];
        Assert.Equal(Order(G(100)), Order(G(100)));
        Assert.NotEqual(submissions, Order(G(100)));
        Assert.NotEqual(Order(G(100)), Order(G(101)));
    }

    public static TheoryData<string, int, int, DecisionOutcome?, string> StatusCases() => new()
    {
        { "queued", 0, 0, null, "queued" },
        { "platform_error", 2, 0, null, "platform_error" },
        { "graded", 0, 0, null, "unassigned" },
        { "graded", 2, 1, null, "in review" },
        { "graded", 2, 2, null, "reviewed" },
        { "graded", 2, 1, DecisionOutcome.Hold, "hold" },
        { "grading", 0, 0, DecisionOutcome.Reject, "reject" },
    };

    [Theory]
    [MemberData(nameof(StatusCases))]
    public void ARowsStatusSaysWhatHappensNext(string grading, int assigned, int submitted, DecisionOutcome? decision, string expected) =>
        Assert.Equal(expected, ReviewPlan.Status(grading, assigned, submitted, decision));

    [Fact]
    public void PseudonymsAreStablePerRoundAndTaskAndDifferAcrossThem()
    {
        var applicant = Guid.NewGuid();
        Guid one = Guid.NewGuid(), two = Guid.NewGuid();
        Assert.Equal(Blinding.Pseudonym(one, applicant, "sum"), Blinding.Pseudonym(one, applicant, "sum"));
        Assert.Matches("^[A-Z][a-z]+ [A-Z][a-z]+ [0-9A-F]{2}$", Blinding.Pseudonym(one, applicant, "sum"));
        var names = Enumerable.Range(0, 50).Select(_ => Blinding.Pseudonym(one, Guid.NewGuid(), "sum")).ToHashSet();
        Assert.True(names.Count >= 49);
        Assert.NotEqual(Blinding.Pseudonym(one, applicant, "sum"), Blinding.Pseudonym(two, applicant, "sum"));
        Assert.NotEqual(Blinding.Pseudonym(one, applicant, "sum"), Blinding.Pseudonym(one, applicant, "matmul"));
    }

    public static TheoryData<string, string> RedactionCases() => new()
    {
        { "ada_lovelace/report.md", "Amber-Otter-3F/report.md" },
        { "Report by Ada Lovelace (ada.lovelace@example.org)", "Report by Amber-Otter-3F (Amber-Otter-3F)" },
        { "# LOVELACE, Ada", "# Amber-Otter-3F, Amber-Otter-3F" },
        { "AdaLovelace.py", "Amber-Otter-3F.py" },
        { "an adapter for lovelaces", "an adapter for lovelaces" },
        { "solution.py", "solution.py" },
    };

    [Theory]
    [MemberData(nameof(RedactionCases))]
    public void NamesAndEmailsAreTakenOutOfPathsAndText(string text, string expected) =>
        Assert.Equal(expected, Blinding.Redact(text, Blinding.IdentityTerms("ada.lovelace@example.org", "Ada Lovelace"), "Amber Otter 3F"));

    public static TheoryData<bool, bool, bool, bool> RevealCases() => new()
    {
        { false, false, false, true },
        { true, false, false, false },
        { true, true, false, true },
        { true, false, true, true },
    };

    [Theory]
    [MemberData(nameof(RevealCases))]
    public void IdentityShowsOutsideBlindRoundsToAdminsAndOnceReviewsAreLocked(bool blind, bool admin, bool locked, bool expected) =>
        Assert.Equal(expected, Blinding.Reveals(blind, admin, locked));

    private static ApplicantRow Row(string name, double? final, string status = "reviewed", double? auto = null) =>
        new(Guid.NewGuid(), name, $"{name.ToLowerInvariant()}@example.test", "Amber Otter 3F", Guid.NewGuid(), DateTimeOffset.UnixEpoch, 1, "graded",
            auto, null, final, status, 0, 0, false, [], null, null);

    [Fact]
    public void TheTableSortsWithMissingScoresLastAndFiltersBySearchAndStatus()
    {
        ApplicantRow[] rows = [Row("Bob", 50), Row("Ada", null, "in review"), Row("Cy", 90), Row("Dee", 70, "hold")];
        Assert.Equal(["Cy", "Dee", "Bob", "Ada"], ApplicantTable.Arrange(rows, "final", true, null, null).Select(r => r.Applicant));
        Assert.Equal(["Bob", "Dee", "Cy", "Ada"], ApplicantTable.Arrange(rows, "final", false, null, null).Select(r => r.Applicant));
        Assert.Equal(["Ada", "Bob", "Cy", "Dee"], ApplicantTable.Arrange(rows, "applicant", false, null, null).Select(r => r.Applicant));
        Assert.Equal(["Dee"], ApplicantTable.Arrange(rows, null, true, "DEE@", null).Select(r => r.Applicant));
        Assert.Equal(["Ada"], ApplicantTable.Arrange(rows, null, true, null, "in review").Select(r => r.Applicant));
    }

    public static TheoryData<string[], string> CsvLines() => new()
    {
        { ["plain", "1.5"], "plain,1.5\r\n" },
        { ["a, b", "say \"hi\""], "\"a, b\",\"say \"\"hi\"\"\"\r\n" },
        { ["=HYPERLINK(\"x\")", "-3.5", "@me"], "\"'=HYPERLINK(\"\"x\"\")\",-3.5,'@me\r\n" },
        { ["two\nlines"], "\"two\nlines\"\r\n" },
    };

    [Theory]
    [MemberData(nameof(CsvLines))]
    public void CsvFieldsAreQuotedAndFormulasDefused(string[] fields, string expected) => Assert.Equal(expected, ApplicantTable.Line(fields));

    [Fact]
    public void TheHistogramCountsTenthsWithAHundredInTheLast() =>
        Assert.Equal([1, 0, 0, 0, 0, 2, 0, 0, 0, 2], ApplicantTable.Histogram([0, 50, 59.99, 90, 100, null]));
}

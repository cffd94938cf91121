using System.Security.Claims;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Reviews;

/// <summary>What a caller may learn of a submission's applicant: everything, or a pseudonym and a redactor for what the submission says.</summary>
public sealed record BlindView(bool Reveals, string Pseudonym, IReadOnlyList<string> Terms)
{
    private static readonly BlindView Open = new(true, "", []);

    public string Clean(string text) => Reveals ? text : Blinding.Redact(text, Terms, Pseudonym);

    /// <summary>
    /// Identity is hidden from reviewers (not admins, not the applicant) of a blind round's submission until every review of
    /// it is submitted. Every endpoint a reviewer reaches asks here, so that no side door shows a name or an email.
    /// </summary>
    public static async Task<BlindView> ForAsync(InternDb db, ClaimsPrincipal principal, Guid submissionId, CancellationToken ct)
    {
        if (!principal.IsStaff() || principal.IsInRole(AccountRegistration.Admin))
            return Open;
        var row = await db.Submissions.Where(s => s.Id == submissionId)
            .Join(db.HiringRounds, s => s.RoundId, r => r.Id, (s, r) => new { s.ApplicantId, s.TaskSlug, RoundId = r.Id, r.BlindReview })
            .SingleOrDefaultAsync(ct);
        if (row is not { BlindReview: true })
            return Open;
        var states = await db.Reviews.Where(r => r.SubmissionId == submissionId).Select(r => r.State).ToListAsync(ct);
        if (Blinding.Reveals(true, false, states.Count > 0 && states.All(s => s == ReviewState.Submitted)))
            return Open;
        var person = await db.Users.Where(u => u.Id == row.ApplicantId).Select(u => new { u.Email, u.DisplayName, u.UserName }).SingleAsync(ct);
        var terms = Blinding.IdentityTerms(person.Email, person.DisplayName);
        if (person.UserName is { } userName && !terms.Contains(userName, StringComparer.OrdinalIgnoreCase))
            terms = [.. terms, .. Blinding.IdentityTerms(userName, null)];
        return new BlindView(false, Blinding.Pseudonym(row.RoundId, row.ApplicantId, row.TaskSlug), terms);
    }
}

using Intern.Server.Accounts;

namespace Intern.Server.Rounds;

/// <summary>
/// A link that enrols an applicant in a round, or makes a reviewer. Only the SHA-256 of its secret is
/// stored, like tokens; the link is shown once to the admin who created it. Each invitation is used once.
/// </summary>
public sealed class Invitation
{
    public const string Prefix = "intern_inv_";

    private Invitation() { }

    public Guid Id { get; private set; }
    public string Hash { get; private set; } = "";
    public string Role { get; private set; } = "";
    public Guid? RoundId { get; private set; }
    public string? Email { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public Guid? AcceptedBy { get; private set; }

    public static (Invitation Invitation, string Secret) Create(string role, Guid? roundId, string? email, Guid createdBy, DateTimeOffset now, TimeSpan lifetime)
    {
        if (role == AccountRegistration.Applicant && roundId is null)
            throw new ArgumentException("An applicant's invitation names the round it enrols in.", nameof(roundId));
        if (role is not (AccountRegistration.Applicant or AccountRegistration.Reviewer))
            throw new ArgumentException($"Invitations make applicants or reviewers, not '{role}'.", nameof(role));
        var secret = PersonalAccessToken.NewSecret(Prefix, 24);
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(),
            Hash = PersonalAccessToken.HashOf(secret),
            Role = role,
            RoundId = role == AccountRegistration.Applicant ? roundId : null,
            Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        return (invitation, secret);
    }

    /// <summary>Why this invitation cannot be used now, in the invitee's words, or null when it can.</summary>
    public string? Refusal(DateTimeOffset now, string? email) =>
        AcceptedAt is not null ? "This invitation has already been used."
        : now >= ExpiresAt ? "This invitation has expired; ask the hiring team for a new one."
        : Email is not null && !string.Equals(Email, email?.Trim(), StringComparison.OrdinalIgnoreCase) ? "This invitation was sent to another email address."
        : null;

    public void Accept(Guid userId, DateTimeOffset now, string? email)
    {
        if (Refusal(now, email) is { } refusal)
            throw new InvalidOperationException(refusal);
        AcceptedAt = now;
        AcceptedBy = userId;
    }
}

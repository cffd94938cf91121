using System.Security.Cryptography;

namespace Intern.Server.Accounts;

/// <summary>
/// A personal access token for the API and the CLI. Only a SHA-256 hash is stored; the token itself is
/// shown once, when it is created. Tokens look like <c>intern_pat_&lt;base64url&gt;</c> so that leaked
/// ones are easy to spot in logs and repositories.
/// </summary>
public sealed class PersonalAccessToken
{
    public const string Prefix = "intern_pat_";

    private PersonalAccessToken() { }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Name { get; private set; } = "";
    public string Hash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }

    public static (PersonalAccessToken Token, string Secret) Create(Guid userId, string name, DateTimeOffset now, TimeSpan? lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var secret = NewSecret(Prefix, 32);
        var token = new PersonalAccessToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name.Trim(),
            Hash = HashOf(secret),
            CreatedAt = now,
            ExpiresAt = lifetime is { } l ? now + l : null,
        };
        return (token, secret);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;

    /// <summary>A prefixed random secret in URL-safe base64, for tokens and invitation links alike.</summary>
    public static string NewSecret(string prefix, int randomBytes) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(randomBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;

namespace Intern.Server.Accounts;

/// <summary>
/// Who a personal access token signs in, remembered briefly so that a client polling the API does not
/// cost a token lookup, a user lookup, four claim queries and a write on every request. Revoking a token
/// forgets it at once on this server; what the cache cannot see (a role taken away, an account disabled,
/// a revocation on another server instance or racing a lookup) takes effect within <see cref="Lifetime"/>,
/// still far sooner than Identity revalidates a cookie (30 minutes).
/// </summary>
public sealed class TokenCache(IMemoryCache cache, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private sealed record Entry(IReadOnlyList<Claim> Claims, DateTimeOffset ValidUntil);

    /// <summary>The claims of the token with this hash, when it was seen valid less than <see cref="Lifetime"/> ago and has not expired since.</summary>
    public IReadOnlyList<Claim>? Find(string hash) =>
        cache.TryGetValue(Key(hash), out Entry? entry) && entry!.ValidUntil > time.GetUtcNow() ? entry.Claims : null;

    public void Remember(string hash, IReadOnlyList<Claim> claims, DateTimeOffset? tokenExpiresAt)
    {
        var now = time.GetUtcNow();
        var validUntil = tokenExpiresAt is { } expires && expires < now + Lifetime ? expires : now + Lifetime;
        // The cache's own expiry only frees memory; validity is decided above, by the injected clock.
        cache.Set(Key(hash), new Entry(claims, validUntil), Lifetime);
    }

    public void Forget(string hash) => cache.Remove(Key(hash));

    private static string Key(string hash) => "pat:" + hash;
}

using System.Security.Claims;
using Intern.Server.Accounts;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;

namespace Intern.Server.Tests.Api;

/// <summary>A remembered token stops counting when the cache lifetime or the token's own lifetime ends, whichever is first.</summary>
public sealed class TokenCacheTests
{
    private static readonly Claim[] Claims = [new(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString())];

    [Theory]
    [InlineData(null, 29, true)]
    [InlineData(null, 30, false)]
    [InlineData(3600, 29, true)]
    [InlineData(10, 9, true)]
    [InlineData(10, 10, false)]
    public void RememberedTokenCountsUntilTheCacheOrTheTokenExpires(int? tokenExpiresInSeconds, int secondsLater, bool found)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var memory = new MemoryCache(new MemoryCacheOptions());
        var cache = new TokenCache(memory, time);
        cache.Remember("hash", Claims, tokenExpiresInSeconds is { } s ? time.GetUtcNow().AddSeconds(s) : null);
        time.Advance(TimeSpan.FromSeconds(secondsLater));
        Assert.Equal(found, cache.Find("hash") is not null);
    }

    [Fact]
    public void ForgottenTokenIsLookedUpAgain()
    {
        using var memory = new MemoryCache(new MemoryCacheOptions());
        var cache = new TokenCache(memory, new FakeTimeProvider());
        cache.Remember("hash", Claims, null);
        cache.Forget("hash");
        Assert.Null(cache.Find("hash"));
    }
}

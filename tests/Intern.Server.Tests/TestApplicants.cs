using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Rounds;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests;

/// <summary>Applicant accounts with API tokens, written into a database that a server process is about to use.</summary>
internal static class TestApplicants
{
    /// <summary>Creates the roles (as `migrate` does) and <paramref name="count"/> applicants enrolled in one open round over the fixture tasks; returns their tokens.</summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(DatabaseOptions database, int count)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddInternDatabase(database);
        services.AddDataProtection();
        services.AddInternAccounts();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await FirstAdmin.EnsureAsync(scope.ServiceProvider, "admin@example.test");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var now = TimeProvider.System.GetUtcNow();
        var round = HiringRound.Open("Test round", now.AddDays(7), 1000, ["sum", "wordfreq", "concat"], now);
        db.HiringRounds.Add(round);
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            // No password: these accounts only use tokens, and hashing one costs ~100 ms each.
            var user = new AppUser { UserName = $"applicant-{i}@example.test", Email = $"applicant-{i}@example.test", DisplayName = $"applicant {i}" };
            Check(await users.CreateAsync(user));
            Check(await users.AddToRoleAsync(user, AccountRegistration.Applicant));
            var (token, secret) = PersonalAccessToken.Create(user.Id, "tests", TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(1));
            db.PersonalAccessTokens.Add(token);
            db.RoundMembers.Add(RoundMember.Enrol(round.Id, user.Id, now));
            tokens.Add(secret);
        }
        await db.SaveChangesAsync();
        return tokens;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

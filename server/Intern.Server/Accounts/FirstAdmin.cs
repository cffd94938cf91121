using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Intern.Server.Accounts;

/// <summary>
/// A fresh deployment's first start: the roles exist, and when no admin does, one is created with a
/// random password that is returned to be printed once. Later starts change nothing.
/// </summary>
public static class FirstAdmin
{
    public sealed record Credentials(string Email, string Password);

    public static async Task<Credentials?> EnsureAsync(IServiceProvider services, string email)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in new[] { AccountRegistration.Applicant, AccountRegistration.Reviewer, AccountRegistration.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role)));
        }
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if ((await users.GetUsersInRoleAsync(AccountRegistration.Admin)).Count > 0)
            return null;
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator" };
        Check(await users.CreateAsync(admin, password));
        Check(await users.AddToRoleAsync(admin, AccountRegistration.Admin));
        return new Credentials(email, password);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Creating the first admin failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

using Microsoft.AspNetCore.Identity;

namespace Intern.Server.Accounts;

/// <summary>An account: applicant, reviewer or admin (ASP.NET Core Identity roles).</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
}

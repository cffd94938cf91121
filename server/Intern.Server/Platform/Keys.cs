using Microsoft.AspNetCore.DataProtection;

namespace Intern.Server;

public static class Keys
{
    /// <summary>
    /// Data-protection keys (they sign sign-in cookies and antiforgery tokens) kept in <c>DataProtection:KeysFolder</c>
    /// when set, so that sessions survive a restart and every server replica reads the same keys.
    /// </summary>
    public static IServiceCollection AddInternKeys(this IServiceCollection services, IConfiguration configuration)
    {
        var folder = configuration["DataProtection:KeysFolder"];
        var protection = services.AddDataProtection().SetApplicationName("intern");
        if (!string.IsNullOrEmpty(folder))
            protection.PersistKeysToFileSystem(Directory.CreateDirectory(folder));
        return services;
    }
}

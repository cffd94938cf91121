using Microsoft.Extensions.Configuration.Memory;

namespace Intern.Server;

/// <summary>
/// Log levels for when configuration names none. At Information, ASP.NET Core logs several lines per
/// request and EF Core every SQL command (a worker's idle claim poll included); under load the console
/// logger then makes every request queue on its lock. So both log from Warning up, as the ASP.NET Core
/// templates' appsettings.json has it. Any Logging:LogLevel:* from files, environment or command line still wins.
/// </summary>
public static class LogLevels
{
    public static IConfigurationBuilder AddQuietFrameworkLogs(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            },
        });
        return configuration;
    }
}

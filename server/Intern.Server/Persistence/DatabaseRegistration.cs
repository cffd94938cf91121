using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Persistence;

public static class DatabaseRegistration
{
    /// <summary>Registers <see cref="InternDb"/> backed by the configured provider's context.</summary>
    public static IServiceCollection AddInternDatabase(this IServiceCollection services, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Pooled: a request leases a context that is reset between uses. Without the pool, building EF's
        // options and internal services for every request cost more CPU than a status poll's one query.
        if (options.Provider == "postgres")
        {
            services.AddDbContextPool<PostgresInternDb>(o => o.UseNpgsql(options.ConnectionString));
            services.AddScoped<InternDb>(sp => sp.GetRequiredService<PostgresInternDb>());
        }
        else
        {
            services.AddDbContextPool<SqliteInternDb>(o => o.UseSqlite(options.ConnectionString));
            services.AddScoped<InternDb>(sp => sp.GetRequiredService<SqliteInternDb>());
        }
        return services;
    }

    /// <summary>A context outside dependency injection, for the CLI's migrate step and for tests.</summary>
    public static InternDb Create(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider == "postgres"
            ? new PostgresInternDb(new DbContextOptionsBuilder<PostgresInternDb>().UseNpgsql(options.ConnectionString).Options)
            : new SqliteInternDb(new DbContextOptionsBuilder<SqliteInternDb>().UseSqlite(options.ConnectionString).Options);
    }
}

/// <summary>Lets `dotnet ef` build each provider's context without starting the server.</summary>
internal sealed class SqliteDesignFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<SqliteInternDb>
{
    public SqliteInternDb CreateDbContext(string[] args) => (SqliteInternDb)DatabaseRegistration.Create(new DatabaseOptions());
}

internal sealed class PostgresDesignFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresInternDb>
{
    public PostgresInternDb CreateDbContext(string[] args) =>
        (PostgresInternDb)DatabaseRegistration.Create(new DatabaseOptions { Provider = "postgres", ConnectionString = "Host=localhost;Database=intern" });
}

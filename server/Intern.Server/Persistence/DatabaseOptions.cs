using System.ComponentModel.DataAnnotations;

namespace Intern.Server.Persistence;

/// <summary>Section <c>Database</c>: which provider and where.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (the embedded default, one machine) or <c>postgres</c> (production, several workers).</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string; for SQLite the default is a file under ./data.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/intern.db";

    /// <summary>
    /// PostgreSQL's password, kept out of <see cref="ConnectionString"/> so that it can come from a secret file
    /// (<c>/run/secrets/Database__Password</c>, see <see cref="SecretFiles"/>) while the rest stays plain configuration.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>The connection string with <see cref="Password"/> in it, when one is set.</summary>
    public DatabaseOptions WithPassword()
    {
        if (string.IsNullOrEmpty(Password) || Provider != "postgres")
            return this;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = Password };
        return new DatabaseOptions { Provider = Provider, ConnectionString = builder.ConnectionString };
    }
}

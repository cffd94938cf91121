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
}

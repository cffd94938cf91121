using Intern.Server.Persistence;

namespace Intern.Server.Tests.Persistence;

/// <summary><c>Database:Password</c> (a secret file in compose and Kubernetes) joins a PostgreSQL connection string kept without it.</summary>
public sealed class DatabasePasswordTests
{
    [Theory]
    [InlineData("postgres", "Host=db;Username=intern;Database=intern", "s3cret;x", "Host=db;Username=intern;Database=intern;Password=\"s3cret;x\"")]
    [InlineData("postgres", "Host=db;Username=intern;Password=old", "new", "Host=db;Username=intern;Password=new")]
    [InlineData("postgres", "Host=db;Username=intern;Password=kept", null, "Host=db;Username=intern;Password=kept")]
    [InlineData("postgres", "Host=db;Username=intern;Password=kept", "", "Host=db;Username=intern;Password=kept")]
    [InlineData("sqlite", "Data Source=data/intern.db", "ignored", "Data Source=data/intern.db")]
    public void ThePasswordJoinsAPostgresConnectionString(string provider, string connectionString, string? password, string expected)
    {
        var options = new DatabaseOptions { Provider = provider, ConnectionString = connectionString, Password = password }.WithPassword();
        Assert.Equal(expected, options.ConnectionString);
        Assert.Equal(provider, options.Provider);
    }
}

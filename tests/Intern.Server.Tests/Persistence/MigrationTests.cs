using Intern.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Tests.Persistence;

/// <summary>Each provider's committed migrations describe today's model: a model change without its migration fails here.</summary>
public sealed class MigrationTests
{
    [Theory]
    [InlineData("sqlite", "Data Source=:memory:")]
    [InlineData("postgres", "Host=localhost;Database=unused")]
    public void CommittedMigrationsMatchTheModel(string provider, string connection)
    {
        using var db = DatabaseRegistration.Create(new DatabaseOptions { Provider = provider, ConnectionString = connection });
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} migrations are behind the model: add a migration (see README).");
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}

using Microsoft.Extensions.DependencyInjection;

namespace Intern.Server.Tests.Api;

/// <summary>
/// Tests that run against one seeded server (<see cref="InternApplication.SeedAsync"/>) per test, on the database the
/// concrete class names: each test gets a fresh database, and <paramref name="services"/> adds to the server's own
/// registrations (a command counter, say).
/// </summary>
public abstract class SeededApplicationTests<TDatabases>(TDatabases databases, Action<IServiceCollection>? services = null)
    : IClassFixture<TDatabases>, IAsyncLifetime, IDisposable
    where TDatabases : TestDatabases
{
    /// <summary>The server of the running test, seeded before it starts.</summary>
    protected InternApplication App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = new InternApplication(await databases.CreateAsync(migrate: false), services: services);
        await App.SeedAsync();
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public void Dispose()
    {
        App?.Dispose();
        GC.SuppressFinalize(this);
    }
}

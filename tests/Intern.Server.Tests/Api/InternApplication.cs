using System.Net.Http.Headers;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Rounds;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Intern.Server.Tests.Api;

/// <summary>
/// The real server in memory: real middleware, routing and auth, over a fresh migrated SQLite file (or the
/// database a test names, so that a worker process can share it). No grading workers run in it (no Docker):
/// tests that grade start a worker process of their own. <c>services</c> adds to the server's own registrations, for
/// tests that watch the server from inside (what it asks the database, say).
/// </summary>
public sealed class InternApplication(DatabaseOptions? database = null, IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    private readonly string? _file = database is null ? Path.Combine(Path.GetTempPath(), $"intern-api-{Guid.NewGuid():N}.db") : null;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    /// <summary>This server's own spool directory, so that a test can see what an upload left on disk.</summary>
    public string SpoolDirectory { get; } = Path.Combine(Path.GetTempPath(), $"intern-api-spool-{Guid.NewGuid():N}");

    public const string Password = "a long enough password";

    /// <summary>What the server logged.</summary>
    public LogCapture Log { get; } = new();

    /// <summary>The server's database, for a worker process to share.</summary>
    public DatabaseOptions Database => database ?? new DatabaseOptions { Provider = "sqlite", ConnectionString = $"Data Source={_file};Pooling=False" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
        builder.UseSetting("Queue:InProcessWorkers", "0");
        builder.UseSetting("Intake:SpoolDirectory", SpoolDirectory);
        builder.UseSetting("Tasks:Folders:0", Path.Combine(Repository.Root, "tests", "fixtures"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        if (services is not null)
            builder.ConfigureServices(services);
    }

    /// <summary>Migrates the database and creates one account per role (two applicants), each with a token.</summary>
    public async Task SeedAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InternDb>().Database.MigrateAsync();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in new[] { AccountRegistration.Applicant, AccountRegistration.Reviewer, AccountRegistration.Admin })
            await roles.CreateAsync(new IdentityRole<Guid>(role));
        foreach (var (name, role) in new[] { ("applicant-a", AccountRegistration.Applicant), ("applicant-b", AccountRegistration.Applicant), ("reviewer", AccountRegistration.Reviewer), ("admin", AccountRegistration.Admin) })
            _tokens[name] = await CreateUserAsync(scope.ServiceProvider, name, role);
        // Both applicants are enrolled in one open round over the fixture tasks.
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var round = HiringRound.Open("Test round", TimeProvider.System.GetUtcNow().AddDays(7), 5, ["sum", "wordfreq", "concat"], TimeProvider.System.GetUtcNow());
        db.HiringRounds.Add(round);
        foreach (var applicant in await db.Users.Where(u => u.UserName!.StartsWith("applicant")).ToListAsync())
            db.RoundMembers.Add(RoundMember.Enrol(round.Id, applicant.Id, TimeProvider.System.GetUtcNow()));
        await db.SaveChangesAsync();
        RoundId = round.Id;
    }

    /// <summary>The round <see cref="SeedAsync"/> opened for both applicants.</summary>
    public Guid RoundId { get; private set; }

    public static async Task<string> CreateUserAsync(IServiceProvider services, string name, string role)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = $"{name}@example.test", Email = $"{name}@example.test", DisplayName = name };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        var db = services.GetRequiredService<InternDb>();
        // Applicants created after seeding join the seeded round, so that their uploads are judged on their content.
        if (role == AccountRegistration.Applicant)
        {
            foreach (var round in await db.HiringRounds.ToListAsync())
                db.RoundMembers.Add(RoundMember.Enrol(round.Id, user.Id, TimeProvider.System.GetUtcNow()));
        }
        var (token, secret) = PersonalAccessToken.Create(user.Id, "tests", TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(1));
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync();
        return secret;
    }

    /// <summary>A client signed in as <paramref name="who"/> (applicant-a, applicant-b, reviewer, admin), or anonymous for null.</summary>
    public HttpClient As(string? who)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (who is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[who]);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_file is not null)
            File.Delete(_file);
        if (Directory.Exists(SpoolDirectory))
            Directory.Delete(SpoolDirectory, recursive: true);
    }
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Intern.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root.");
    }
}

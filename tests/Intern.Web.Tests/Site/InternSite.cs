using System.Net.Http.Headers;
using Intern.Server.Accounts;
using Intern.Server.Persistence;
using Intern.Server.Rounds;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Intern.Web.Tests.Site;

/// <summary>
/// The whole platform on a real port (Kestrel on 127.0.0.1): a fresh migrated PostgreSQL database on the server
/// named by INTERN_TEST_POSTGRES (`./intern test` starts one), the fixture tasks, one in-process grading worker
/// on the real Docker engine, and one open round with an admin who invites.
/// </summary>
public sealed class InternSite : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "a long enough password";

    /// <summary>Small, so that an oversized upload is cheap to make; the browser's check reads it from the page.</summary>
    public const long MaxUploadBytes = 256 * 1024;

    private const string PostgresVariable = "INTERN_TEST_POSTGRES";
    private readonly string _database = $"intern_web_{Guid.NewGuid():N}";
    private Guid _admin;

    public InternSite()
    {
        UseKestrel(0);
        // A copy of the fixture `sum` under its own slug, whose tests a journey may change (and then rejudge).
        CopyFolder(Path.Combine(Repository.Root, "tests", "fixtures", "sum"), RejudgedTask);
        var yaml = Path.Combine(RejudgedTask, "task.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("slug: sum\n", $"slug: {RejudgedSlug}\n", StringComparison.Ordinal)
            .Replace("title: Sum of integers", "title: Sum of integers (rejudged)", StringComparison.Ordinal));
    }

    public const string RejudgedSlug = "sum-rejudged";

    private string ChangingTasks { get; } = Path.Combine(Path.GetTempPath(), $"intern-web-tasks-{Guid.NewGuid():N}");

    /// <summary>The package folder of the task journeys may change under the running server.</summary>
    public string RejudgedTask => Path.Combine(ChangingTasks, RejudgedSlug);

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }

    private static string Admin => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } admin ? admin
        : throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests through `./intern test`, which starts PostgreSQL.");

    private string ConnectionString => new NpgsqlConnectionStringBuilder(Admin) { Database = _database }.ConnectionString;

    /// <summary>The site's address, e.g. http://127.0.0.1:41234.</summary>
    public Uri Address { get; private set; } = default!;

    public Guid RoundId { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", "postgres");
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("Queue:InProcessWorkers", "1");
        builder.UseSetting("Queue:Poll", "00:00:00.250");
        builder.UseSetting("Intake:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Tasks:Folders:0", Path.Combine(Repository.Root, "tests", "fixtures"));
        // A real task too, for a statement with tables and code blocks.
        builder.UseSetting("Tasks:Folders:1", Path.Combine(Repository.Root, "tasks"));
        builder.UseSetting("Tasks:Folders:2", ChangingTasks);
        builder.UseSetting("Grading:Secret", "browser-tests");
        // Every journey signs in from 127.0.0.1 within a few minutes: far more than a person ever does from one address.
        builder.UseSetting("RateLimits:SignInsPerMinute", "600");
        builder.UseSetting("RateLimits:PasswordResetsPerMinute", "600");
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }

    /// <summary>What the server logged (reset links go there while no mail server is configured).</summary>
    public Intern.Server.Tests.Api.LogCapture Log { get; } = new();

    public async Task InitializeAsync()
    {
        // Migrated before the server starts, so that its grading worker never polls a database without tables.
        await AdminCommandAsync($"CREATE DATABASE {_database}");
        await using (var fresh = DatabaseRegistration.Create(new DatabaseOptions { Provider = "postgres", ConnectionString = ConnectionString }))
            await fresh.Database.MigrateAsync();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in new[] { AccountRegistration.Applicant, AccountRegistration.Reviewer, AccountRegistration.Admin })
            await roles.CreateAsync(new IdentityRole<Guid>(role));
        _admin = await CreateUserAsync(scope.ServiceProvider, "admin@example.test", AccountRegistration.Admin);
        var now = TimeProvider.System.GetUtcNow();
        var round = HiringRound.Open("Summer interns 2027", now.AddDays(6).AddHours(5), 5, ["sum", "wordfreq", "log-analysis"], now);
        db.HiringRounds.Add(round);
        await db.SaveChangesAsync();
        RoundId = round.Id;
        // The first request of a fresh server compiles the pages and opens the pools, which can take longer on a
        // busy machine than a journey's step may wait: pay for it here, once.
        using var warm = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(120) };
        foreach (var path in new[] { "/health", "/signin", $"/invite/{await InviteAsync()}" })
            (await warm.GetAsync(new Uri(path, UriKind.Relative))).EnsureSuccessStatusCode();
    }

    /// <summary>A fresh invitation link's secret into the round (by default the shared one): every journey starts as a new applicant.</summary>
    public async Task<string> InviteAsync(Guid? round = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var (invitation, secret) = Invitation.Create(AccountRegistration.Applicant, round ?? RoundId, null, _admin, TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(7));
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return secret;
    }

    /// <summary>A round of the journey's own, open for a week, for journeys that close or release it.</summary>
    public async Task<Guid> OpenRoundAsync(string name, params string[] tasks)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var now = TimeProvider.System.GetUtcNow();
        var round = HiringRound.Open(name, now.AddDays(7), 5, tasks, now);
        db.HiringRounds.Add(round);
        await db.SaveChangesAsync();
        return round.Id;
    }

    /// <summary>The admin's API client (a personal access token), to do what an admin would do beside the journey.</summary>
    public async Task<HttpClient> AdminClientAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var (token, secret) = PersonalAccessToken.Create(_admin, "browser tests", TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(1));
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync();
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>An applicant enrolled in the round without the browser, with a token for the API.</summary>
    public async Task<HttpClient> ApplicantClientAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var user = await CreateUserAsync(scope.ServiceProvider, email, AccountRegistration.Applicant);
        var db = scope.ServiceProvider.GetRequiredService<InternDb>();
        var now = TimeProvider.System.GetUtcNow();
        db.RoundMembers.Add(RoundMember.Enrol(RoundId, user, now));
        var (token, secret) = PersonalAccessToken.Create(user, "browser tests", now, TimeSpan.FromDays(1));
        db.PersonalAccessTokens.Add(token);
        await db.SaveChangesAsync();
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<Guid> CreateUserAsync(IServiceProvider services, string email, string role)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, DisplayName = email.Split('@')[0] };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user.Id;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Intern.Server.Tests.PostgresDatabases.DropAsync(Admin, _database);
        Directory.Delete(ChangingTasks, recursive: true);
    }

    private static async Task AdminCommandAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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

using System.Diagnostics;
using System.Text.RegularExpressions;
using Intern.Server.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Intern.Server.Tests.Persistence;

/// <summary>`Intern.Server migrate` on a fresh database: the schema, the roles, and a first admin whose password is printed once.</summary>
public abstract partial class MigrateCommandTests<TDatabases>(TDatabases databases) : IClassFixture<TDatabases>
    where TDatabases : TestDatabases
{
    [Fact]
    public async Task MigrateCreatesTheSchemaAndPrintsTheFirstAdminOnlyOnce()
    {
        var options = await databases.CreateAsync(migrate: false);
        var first = await MigrateAsync(options);
        Assert.Contains("migration(s) applied", first, StringComparison.Ordinal);
        var password = AdminPassword().Match(first).Groups[1].Value;
        Assert.NotEmpty(password);

        Assert.Contains("Tasks: 4 version(s) imported, 0 unchanged.", first, StringComparison.Ordinal);
        Assert.Matches("Demo round open until .* with 4 task\\(s\\)\\. Applicant invitation \\(shown once\\): /invite/intern_inv_", first);

        var second = await MigrateAsync(options);
        Assert.Contains("0 migration(s) applied", second, StringComparison.Ordinal);
        Assert.DoesNotContain("First admin", second, StringComparison.Ordinal);
        Assert.Contains("Tasks: 0 version(s) imported, 4 unchanged.", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Demo round", second, StringComparison.Ordinal);

        await using var db = databases.Open(options);
        var admin = await db.Users.SingleAsync();
        Assert.Equal("admin@localhost", admin.Email);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<AppUser>().VerifyHashedPassword(admin, admin.PasswordHash!, password));
        Assert.Equal(3, await db.Roles.CountAsync());
        Assert.Equal(["concat", "served", "sum", "wordfreq"], await db.TaskRecords.OrderBy(t => t.Slug).Select(t => t.Slug).ToListAsync());
        Assert.Equal(["concat", "served", "sum", "wordfreq"], (await db.HiringRounds.SingleAsync()).TaskSlugs);
        Assert.Equal(1, await db.Invitations.CountAsync());
    }

    private static async Task<string> MigrateAsync(Server.Persistence.DatabaseOptions options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Intern.Server.dll"));
        start.ArgumentList.Add("migrate");
        start.Environment["Database__Provider"] = options.Provider;
        start.Environment["Database__ConnectionString"] = options.ConnectionString;
        start.Environment["Tasks__Folders__0"] = Path.Combine(Api.Repository.Root, "tests", "fixtures");
        start.Environment["Bootstrap__DemoRound"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }

    [GeneratedRegex("with password (\\S+) ")]
    private static partial Regex AdminPassword();
}

public sealed class MigrateCommandOnSqliteTests(SqliteDatabases databases) : MigrateCommandTests<SqliteDatabases>(databases);

public sealed class MigrateCommandOnPostgresTests(PostgresDatabases databases) : MigrateCommandTests<PostgresDatabases>(databases);

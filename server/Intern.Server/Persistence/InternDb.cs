using Intern.Server.Accounts;
using Intern.Server.Queue;
using Intern.Server.Reviews;
using Intern.Server.Rounds;
using Intern.Server.Submissions;
using Intern.Server.Tasks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Intern.Server.Persistence;

/// <summary>
/// The data-access API (no repositories on top). One model for both providers; the provider-specific
/// subclasses below exist only so that each provider keeps its own committed migrations.
/// </summary>
public abstract class InternDb(DbContextOptions options) : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<Blob> Blobs => Set<Blob>();
    public DbSet<GradingJob> GradingJobs => Set<GradingJob>();
    public DbSet<GradingRecord> GradingRecords => Set<GradingRecord>();
    public DbSet<GradingArtifact> GradingArtifacts => Set<GradingArtifact>();
    public DbSet<HiringRound> HiringRounds => Set<HiringRound>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<RoundMember> RoundMembers => Set<RoundMember>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<TaskRecord> TaskRecords => Set<TaskRecord>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<ApplicantDecision> ApplicantDecisions => Set<ApplicantDecision>();
    public DbSet<Rejudging.Rejudge> Rejudges => Set<Rejudging.Rejudge>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(InternDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite has no date type that sorts and compares in SQL; a binary (ticks + offset) long does both.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}

public sealed class SqliteInternDb(DbContextOptions<SqliteInternDb> options) : InternDb(options);

public sealed class PostgresInternDb(DbContextOptions<PostgresInternDb> options) : InternDb(options);

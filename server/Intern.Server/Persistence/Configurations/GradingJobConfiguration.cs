using Intern.Server.Accounts;
using Intern.Server.Queue;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Intern.Server.Persistence.Configurations;

internal sealed class GradingJobConfiguration : IEntityTypeConfiguration<GradingJob>
{
    public void Configure(EntityTypeBuilder<GradingJob> builder)
    {
        builder.HasKey(j => j.Id);
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        builder.Property(j => j.Phase).HasMaxLength(16);
        builder.Property(j => j.Version).IsConcurrencyToken();
        builder.HasOne<Submission>().WithMany().HasForeignKey(j => j.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.State, j.EnqueuedAt });
        // At most one waiting or running job per submission: two regrades (or a retry racing a regrade) cannot both run.
        builder.HasIndex(j => j.SubmissionId, "IX_GradingJobs_OneActivePerSubmission").IsUnique().HasFilter("\"State\" IN ('Queued', 'Running')");
    }
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

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
        builder.HasOne<Rejudging.Rejudge>().WithMany().HasForeignKey(j => j.RejudgeId).OnDelete(DeleteBehavior.Restrict);
        // A rejudge's preview gradings are invisible to every query that does not ask for them (the queue and the
        // rejudge itself do): an applicant's status, the reviewers' queue and the tables never show them.
        builder.HasQueryFilter(j => j.RejudgeId == null);
    }
}

internal sealed class RejudgeConfiguration : IEntityTypeConfiguration<Rejudging.Rejudge>
{
    public void Configure(EntityTypeBuilder<Rejudging.Rejudge> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TaskSlug).HasMaxLength(64);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<Rounds.HiringRound>().WithMany().HasForeignKey(r => r.RoundId).OnDelete(DeleteBehavior.Cascade);
        // One open preview per task of a round: a second would grade the same submissions again for nothing.
        builder.HasIndex(r => new { r.RoundId, r.TaskSlug }, "IX_Rejudges_OnePreviewPerTask").IsUnique().HasFilter("\"State\" = 'Previewing'");
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

using Intern.Server.Queue;
using Intern.Server.Rounds;
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
        builder.Property(j => j.Version).IsConcurrencyToken();
        builder.HasOne<Submission>().WithMany().HasForeignKey(j => j.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.State, j.EnqueuedAt });
    }
}

internal sealed class HiringRoundConfiguration : IEntityTypeConfiguration<HiringRound>
{
    public void Configure(EntityTypeBuilder<HiringRound> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.TaskSlugs);
    }
}

using Intern.Server.Accounts;
using Intern.Server.Rounds;
using Intern.Server.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Intern.Server.Persistence.Configurations;

internal sealed class HiringRoundConfiguration : IEntityTypeConfiguration<HiringRound>
{
    public void Configure(EntityTypeBuilder<HiringRound> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.PrimitiveCollection(r => r.TaskSlugs);
    }
}

internal sealed class RoundMemberConfiguration : IEntityTypeConfiguration<RoundMember>
{
    public void Configure(EntityTypeBuilder<RoundMember> builder)
    {
        builder.HasKey(m => new { m.RoundId, m.UserId });
        builder.HasOne<HiringRound>().WithMany().HasForeignKey(m => m.RoundId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.UserId);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Hash).HasMaxLength(64);
        builder.HasIndex(i => i.Hash).IsUnique();
        builder.Property(i => i.Role).HasMaxLength(16);
        builder.Property(i => i.Email).HasMaxLength(256);
        // Two people opening the same link at once: the second acceptance fails instead of enrolling both.
        builder.Property(i => i.AcceptedAt).IsConcurrencyToken();
        builder.HasOne<HiringRound>().WithMany().HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskRecordConfiguration : IEntityTypeConfiguration<TaskRecord>
{
    public void Configure(EntityTypeBuilder<TaskRecord> builder)
    {
        builder.HasKey(t => new { t.Slug, t.Version });
        builder.Property(t => t.Slug).HasMaxLength(64);
        builder.Property(t => t.Title).HasMaxLength(200);
        builder.Property(t => t.ContentHash).HasMaxLength(64);
    }
}

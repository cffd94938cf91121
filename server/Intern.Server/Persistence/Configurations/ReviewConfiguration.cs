using Intern.Server.Accounts;
using Intern.Server.Reviews;
using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Intern.Server.Persistence.Configurations;

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> builder)
    {
        builder.HasKey(r => r.Id);
        // One review per reviewer and submission: assigning twice (two admins at once) fails instead of doubling the work.
        builder.HasIndex(r => new { r.SubmissionId, r.ReviewerId }).IsUnique();
        builder.HasIndex(r => r.ReviewerId);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Comment).HasMaxLength(8000);
        builder.HasOne<Submission>().WithMany().HasForeignKey(r => r.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.Restrict);
        // Two browser tabs autosaving the same draft: the later save fails rather than silently mixing both.
        builder.Property(r => r.UpdatedAt).IsConcurrencyToken();
        builder.OwnsMany(r => r.Scores, score =>
        {
            score.ToTable("ReviewScores");
            score.WithOwner().HasForeignKey("ReviewId");
            score.HasKey("ReviewId", nameof(CriterionScore.CriterionId));
            score.Property(s => s.CriterionId).HasMaxLength(64);
            score.Property(s => s.Comment).HasMaxLength(4000);
        });
        builder.OwnsMany(r => r.LineComments, line =>
        {
            line.ToTable("ReviewLineComments");
            line.WithOwner().HasForeignKey("ReviewId");
            line.HasKey(c => c.Id);
            line.Property(c => c.Id).ValueGeneratedNever();
            line.Property(c => c.Path).HasMaxLength(1024);
            line.Property(c => c.Text).HasMaxLength(LineComment.MaxTextLength);
        });
    }
}

internal sealed class ApplicantDecisionConfiguration : IEntityTypeConfiguration<ApplicantDecision>
{
    public void Configure(EntityTypeBuilder<ApplicantDecision> builder)
    {
        builder.HasKey(d => new { d.RoundId, d.ApplicantId, d.TaskSlug });
        builder.Property(d => d.TaskSlug).HasMaxLength(64);
        builder.Property(d => d.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Note).HasMaxLength(ApplicantDecision.MaxNoteLength);
        builder.HasOne<Rounds.HiringRound>().WithMany().HasForeignKey(d => d.RoundId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(d => d.ApplicantId).OnDelete(DeleteBehavior.Cascade);
    }
}

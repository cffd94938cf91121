using Intern.Server.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Intern.Server.Persistence.Configurations;

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.TaskSlug).HasMaxLength(64);
        builder.Property(s => s.FileName).HasMaxLength(255);
        builder.Property(s => s.BlobSha256).HasMaxLength(64);
        builder.HasOne<Blob>().WithMany().HasForeignKey(s => s.BlobSha256).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.ApplicantId, s.TaskSlug, s.CreatedAt });
        builder.HasIndex(s => new { s.RoundId, s.ApplicantId, s.TaskSlug });
        builder.HasOne<Rounds.HiringRound>().WithMany().HasForeignKey(s => s.RoundId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BlobConfiguration : IEntityTypeConfiguration<Blob>
{
    public void Configure(EntityTypeBuilder<Blob> builder)
    {
        builder.HasKey(b => b.Sha256);
        builder.Property(b => b.Sha256).HasMaxLength(64);
    }
}

internal sealed class GradingRecordConfiguration : IEntityTypeConfiguration<GradingRecord>
{
    public void Configure(EntityTypeBuilder<GradingRecord> builder)
    {
        builder.HasKey(r => r.Id);
        builder.HasOne<Submission>().WithMany().HasForeignKey(r => r.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        // One result per job: a job graded twice (a worker that lost its lease but finished anyway) cannot add a second.
        builder.HasIndex(r => r.JobId).IsUnique();
        builder.HasOne<Rejudging.Rejudge>().WithMany().HasForeignKey(r => r.RejudgeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GradingArtifactConfiguration : IEntityTypeConfiguration<GradingArtifact>
{
    public void Configure(EntityTypeBuilder<GradingArtifact> builder)
    {
        builder.HasKey(a => new { a.RecordId, a.Ordinal });
        builder.Property(a => a.Name).HasMaxLength(GradingArtifact.MaxNameLength);
        builder.Property(a => a.MediaType).HasMaxLength(GradingArtifact.MaxMediaTypeLength);
        builder.Property(a => a.BlobSha256).HasMaxLength(64);
        builder.HasOne<GradingRecord>().WithMany().HasForeignKey(a => a.RecordId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Blob>().WithMany().HasForeignKey(a => a.BlobSha256).OnDelete(DeleteBehavior.Restrict);
    }
}

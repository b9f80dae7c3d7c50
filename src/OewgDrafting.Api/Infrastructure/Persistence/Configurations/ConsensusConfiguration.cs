using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Positions;
using OewgDrafting.Domain.Revisions;
using OewgDrafting.Domain.Silence;

namespace OewgDrafting.Api.Infrastructure.Persistence.Configurations;

internal sealed class PositionConfiguration : IEntityTypeConfiguration<Position>
{
    public void Configure(EntityTypeBuilder<Position> builder)
    {
        builder.ToTable("positions");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.Target).HasConversion<string>().HasMaxLength(12);
        builder.Property(p => p.Stance).HasConversion<string>().HasMaxLength(24);
        builder.Property(p => p.Delegation).HasMaxLength(12);
        builder.Property(p => p.Statement).HasMaxLength(Position.MaxStatementLength);
        // -1 stands for "not a bracket" so that the unique index below treats paragraph positions as equal.
        builder.Ignore(p => p.BracketIndex);
        builder.HasIndex(p => new { p.DocumentId, p.Target, p.TargetId, p.BracketKey, p.Delegation }).IsUnique();
    }
}

internal sealed class ExplanationConfiguration : IEntityTypeConfiguration<Explanation>
{
    public void Configure(EntityTypeBuilder<Explanation> builder)
    {
        builder.ToTable("explanations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(e => e.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Delegation).HasMaxLength(12);
        builder.Property(e => e.Text).HasMaxLength(20_000);
        builder.HasIndex(e => e.DocumentId);
    }
}

internal sealed class SilenceProcedureConfiguration : IEntityTypeConfiguration<SilenceProcedure>
{
    public void Configure(EntityTypeBuilder<SilenceProcedure> builder)
    {
        builder.ToTable("silence_procedures");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(s => s.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.BlockIds).HasColumnName("block_ids").AsJson();
        builder.Property(s => s.StartedBy).HasMaxLength(12);
        builder.Property(s => s.BrokenBy).HasMaxLength(12);
        builder.Property(s => s.Statement).HasMaxLength(Position.MaxStatementLength);
        // Deadlines are compared in queries: store them as UTC ticks, which order the same on every provider.
        builder.Property(s => s.Deadline).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.HasIndex(s => new { s.Status, s.Deadline });
    }
}

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> builder)
    {
        builder.ToTable("revisions");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(r => r.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.DocumentId, r.Number }).IsUnique();
        builder.Property(r => r.Name).HasMaxLength(20);
        builder.Property(r => r.IssuedBy).HasMaxLength(12);
        builder.Property(r => r.Symbol).HasMaxLength(Document.MaxSymbolLength);
        builder.Property(r => r.Title).HasMaxLength(Document.MaxTitleLength);
        builder.Property(r => r.Language).HasMaxLength(35);
        builder.Property(r => r.FrontMatter).HasColumnName("front_matter").AsJson();
        builder.Property(r => r.Blocks).HasColumnName("blocks").AsJson();
    }
}

internal sealed class AdoptionConfiguration : IEntityTypeConfiguration<Adoption>
{
    public void Configure(EntityTypeBuilder<Adoption> builder)
    {
        builder.ToTable("adoptions");
        builder.HasKey(a => a.DocumentId);
        builder.HasOne<Document>().WithOne().HasForeignKey<Adoption>(a => a.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.AdoptedBy).HasMaxLength(12);
        builder.Property(a => a.Method).HasMaxLength(40);
        builder.Property(a => a.Reservations).HasColumnName("reservations").AsJson();
        builder.Property(a => a.Explanations).HasColumnName("explanations").AsJson();
        builder.Property(a => a.Languages).HasColumnName("languages").AsJson();
        builder.Property(a => a.HeadHash).HasMaxLength(64);
    }
}

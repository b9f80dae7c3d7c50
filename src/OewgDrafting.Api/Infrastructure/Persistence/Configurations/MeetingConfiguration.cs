using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Infrastructure.Persistence.Configurations;

internal sealed class TablingDeadlineConfiguration : IEntityTypeConfiguration<TablingDeadline>
{
    public void Configure(EntityTypeBuilder<TablingDeadline> builder)
    {
        builder.ToTable("tabling_deadlines");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(d => d.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.TimeZone).HasMaxLength(TablingDeadline.MaxTimeZoneLength);
        builder.Property(d => d.SetBy).HasMaxLength(12);
        // Compared with the clock: stored as UTC ticks, which order the same on every provider.
        builder.Property(d => d.Due).HasConversion(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
            v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero)));
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Ignore(d => d.DueLocal);
        // One deadline per scope; a document's commands take their turns one at a time, so the document's own (null
        // section) is kept single by its command, not by the index.
        builder.HasIndex(d => new { d.DocumentId, d.SectionId }).IsUnique();
    }
}

internal sealed class ProposedHandlingConfiguration : IEntityTypeConfiguration<ProposedHandling>
{
    public void Configure(EntityTypeBuilder<ProposedHandling> builder)
    {
        builder.ToTable("proposed_handlings");
        builder.HasKey(h => h.AmendmentId);
        builder.Property(h => h.AmendmentId).ValueGeneratedNever();
        // Tied to its document, not by a foreign key to the amendment: an entity that others reference is no longer
        // inserted by the proposal's prepared statement (PreparedStatements.IsUntrackedInsert).
        builder.HasOne<Document>().WithMany().HasForeignKey(h => h.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(h => h.Handling).HasConversion<string>().HasMaxLength(12);
        builder.Property(h => h.Answer).HasConversion<string>().HasMaxLength(12);
        builder.Property(h => h.Text).HasMaxLength(Block.MaxTextLength);
        builder.Property(h => h.Note).HasMaxLength(ProposedHandling.MaxNoteLength);
        builder.Property(h => h.Statement).HasMaxLength(ProposedHandling.MaxNoteLength);
        builder.Property(h => h.SetBy).HasMaxLength(12);
        builder.Property(h => h.AnsweredBy).HasMaxLength(12);
        builder.Property(h => h.Version).IsConcurrencyToken();
    }
}

internal sealed class TablePointerConfiguration : IEntityTypeConfiguration<TablePointer>
{
    public void Configure(EntityTypeBuilder<TablePointer> builder)
    {
        builder.ToTable("table_pointers");
        builder.HasKey(t => t.DocumentId);
        builder.Property(t => t.DocumentId).ValueGeneratedNever();
        builder.HasOne<Document>().WithOne().HasForeignKey<TablePointer>(t => t.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.SetBy).HasMaxLength(12);
        builder.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class ClusterConfiguration : IEntityTypeConfiguration<Cluster>
{
    public void Configure(EntityTypeBuilder<Cluster> builder)
    {
        builder.ToTable("clusters");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Name).HasMaxLength(Cluster.MaxNameLength);
        builder.Property(c => c.Sections).HasColumnName("sections").AsJson();
        builder.Property(c => c.Facilitators).HasColumnName("facilitators").AsJsonList();
        builder.Property(c => c.SetBy).HasMaxLength(12);
        builder.Property(c => c.Version).IsConcurrencyToken();
        // Names are unique per document without regard to case; the command checks that in the document's turn.
        builder.HasIndex(c => c.DocumentId);
    }
}

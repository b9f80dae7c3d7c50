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

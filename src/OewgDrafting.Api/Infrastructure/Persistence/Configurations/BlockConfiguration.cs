using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Persistence.Configurations;

internal sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> builder)
    {
        builder.ToTable("blocks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(b => b.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Label).HasMaxLength(Block.MaxLabelLength);
        builder.Property(b => b.Text).HasMaxLength(Block.MaxTextLength).IsRequired();
        builder.Property(b => b.Version).IsConcurrencyToken();
        // Not unique: spreading positions out again rewrites many rows in one statement batch.
        builder.HasIndex(b => new { b.DocumentId, b.Position });
    }
}

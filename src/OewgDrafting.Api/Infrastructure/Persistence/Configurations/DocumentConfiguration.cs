using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Persistence.Configurations;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Symbol).HasMaxLength(Document.MaxSymbolLength).IsRequired();
        builder.Property(d => d.Title).HasMaxLength(Document.MaxTitleLength).IsRequired();
        builder.Property(d => d.Language).HasMaxLength(35).IsRequired();
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.AdoptingBody).HasMaxLength(Document.MaxBodyLength);
        // Advanced by one statement at the start of every write transaction (it also takes the row lock);
        // as a token it guards any tracked change made afterwards.
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Property(d => d.CreatedAt);
        builder.Property(d => d.UpdatedAt);
        // A small ordered list read and written with its document: one JSON text column, the same on every provider.
        builder.Property(d => d.FrontMatter)
            .HasColumnName("front_matter")
            .HasConversion(
                lines => JsonSerializer.Serialize(lines, JsonOptions),
                json => JsonSerializer.Deserialize<List<FrontMatterLine>>(json, JsonOptions) ?? new List<FrontMatterLine>(),
                new ValueComparer<IReadOnlyList<FrontMatterLine>>(
                    (a, b) => a!.SequenceEqual(b!),
                    lines => lines.Aggregate(0, (hash, line) => HashCode.Combine(hash, line.GetHashCode())),
                    lines => lines.ToList()));
        builder.HasIndex(d => d.Symbol);
    }
}

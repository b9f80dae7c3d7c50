using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Events;

namespace OewgDrafting.Api.Infrastructure.Persistence.Configurations;

internal static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>A small list of records stored as one JSON text column.</summary>
    public static PropertyBuilder<IReadOnlyList<T>> AsJson<T>(this PropertyBuilder<IReadOnlyList<T>> property) =>
        property.HasConversion(
            list => JsonSerializer.Serialize(list, Options),
            json => JsonSerializer.Deserialize<List<T>>(json, Options) ?? new List<T>(),
            new ValueComparer<IReadOnlyList<T>>(
                (a, b) => a!.SequenceEqual(b!),
                list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
                list => list.ToList()));

    /// <summary>A small list stored as one JSON text column: the same on every provider.</summary>
    public static PropertyBuilder<IReadOnlyList<string>> AsJsonList(this PropertyBuilder<IReadOnlyList<string>> property) =>
        property.HasConversion(
            list => JsonSerializer.Serialize(list, Options),
            json => JsonSerializer.Deserialize<List<string>>(json, Options) ?? new List<string>(),
            new ValueComparer<IReadOnlyList<string>>(
                (a, b) => a!.SequenceEqual(b!),
                list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
                list => list.ToList()));
}

internal sealed class DelegationConfiguration : IEntityTypeConfiguration<Delegation>
{
    public void Configure(EntityTypeBuilder<Delegation> builder)
    {
        builder.ToTable("delegations");
        builder.HasKey(d => d.Code);
        builder.Property(d => d.Code).HasMaxLength(12);
        builder.Property(d => d.Name).HasMaxLength(Delegation.MaxNameLength).IsRequired();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Members).HasColumnName("members").AsJsonList();
        builder.Ignore(d => d.Role);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.Label).HasMaxLength(20);
        builder.HasOne<Delegation>().WithMany().HasForeignKey(k => k.DelegationCode).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(k => k.IsActive);
    }
}

internal sealed class DocumentEventConfiguration : IEntityTypeConfiguration<DocumentEvent>
{
    public void Configure(EntityTypeBuilder<DocumentEvent> builder)
    {
        builder.ToTable("document_events");
        // The key makes the per-document sequence unique: two writers can never both append number n.
        builder.HasKey(e => new { e.DocumentId, e.Sequence });
        builder.Property(e => e.Actor).HasMaxLength(12).IsRequired();
        builder.Property(e => e.Type).HasMaxLength(60).IsRequired();
        builder.Property(e => e.Touches).HasColumnName("touches").AsJsonList();
        builder.Property(e => e.Data).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasOne<OewgDrafting.Domain.Documents.Document>().WithMany().HasForeignKey(e => e.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RegistryEventConfiguration : IEntityTypeConfiguration<RegistryEvent>
{
    public void Configure(EntityTypeBuilder<RegistryEvent> builder)
    {
        builder.ToTable("registry_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Actor).HasMaxLength(12).IsRequired();
        builder.Property(e => e.Type).HasMaxLength(60).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(12).IsRequired();
        builder.Property(e => e.Data).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64);
    }
}

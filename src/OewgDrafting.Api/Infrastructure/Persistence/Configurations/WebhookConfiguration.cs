using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Webhooks;

namespace OewgDrafting.Api.Infrastructure.Persistence.Configurations;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<Delegation>().WithMany().HasForeignKey(s => s.Owner).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Owner).HasMaxLength(12);
        builder.Property(s => s.CreatedBy).HasMaxLength(12);
        builder.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
        builder.Property(s => s.Description).HasMaxLength(WebhookSubscription.MaxDescriptionLength);
        builder.Property(s => s.EventTypes).HasColumnName("event_types").AsJsonList();
        builder.Property(s => s.BlockIds).HasColumnName("block_ids").AsJson();
        builder.Property(s => s.Secret).HasMaxLength(80);
        builder.Property(s => s.PreviousSecret).HasMaxLength(80);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.DisabledReason).HasMaxLength(WebhookDelivery.MaxErrorLength + 100);
        builder.Property(s => s.LeaseOwner).HasMaxLength(64);
        // Compared with the clock in queries: stored as UTC ticks, which order the same on every provider.
        builder.Property(s => s.NextAttemptAt).HasConversion(UtcTicks.Converter);
        builder.Property(s => s.LeaseUntil).HasConversion(UtcTicks.Converter);
        builder.Property(s => s.LastDigestAt).HasConversion(UtcTicks.Converter);
        // The dispatcher's question: which active subscriptions are due.
        builder.HasIndex(s => new { s.Status, s.NextAttemptAt });
        builder.HasIndex(s => s.Owner);
    }
}

internal sealed class WebhookCursorConfiguration : IEntityTypeConfiguration<WebhookCursor>
{
    public void Configure(EntityTypeBuilder<WebhookCursor> builder)
    {
        builder.ToTable("webhook_cursors");
        builder.HasKey(c => new { c.SubscriptionId, c.DocumentId });
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(c => c.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Domain.Documents.Document>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.EventType).HasMaxLength(40);
        builder.Property(d => d.MessageId).HasMaxLength(80);
        builder.Property(d => d.Error).HasMaxLength(WebhookDelivery.MaxErrorLength);
        builder.Property(d => d.AttemptedAt).HasConversion(UtcTicks.Converter);
        builder.HasIndex(d => new { d.SubscriptionId, d.AttemptedAt });
    }
}

internal static class UtcTicks
{
    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long> Converter =
        new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}

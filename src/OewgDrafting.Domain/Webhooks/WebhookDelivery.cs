namespace OewgDrafting.Domain.Webhooks;

/// <summary>How far a subscription has delivered one document's log: every event up to <see cref="Sequence"/> is done with.</summary>
public sealed class WebhookCursor
{
    private WebhookCursor()
    {
    }

    public Guid SubscriptionId { get; private set; }
    public Guid DocumentId { get; private set; }
    public long Sequence { get; private set; }

    public static WebhookCursor At(Guid subscriptionId, Guid documentId, long sequence) =>
        new() { SubscriptionId = subscriptionId, DocumentId = documentId, Sequence = sequence };

    public void MoveTo(long sequence) => Sequence = sequence;
}

/// <summary>One attempt to deliver one event to one subscription, as its owner sees it.</summary>
public sealed class WebhookDelivery
{
    public const int MaxErrorLength = 1_000;

    private WebhookDelivery()
    {
        MessageId = EventType = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid SubscriptionId { get; private set; }
    public Guid DocumentId { get; private set; }
    public long Sequence { get; private set; }
    public string EventType { get; private set; }

    /// <summary>The <c>webhook-id</c> sent: the same for every attempt at the same event, so that receivers can deduplicate.</summary>
    public string MessageId { get; private set; }

    public int Attempt { get; private set; }
    public DateTimeOffset AttemptedAt { get; private set; }
    public bool Succeeded { get; private set; }
    public int? StatusCode { get; private set; }
    public int LatencyMs { get; private set; }
    public string? Error { get; private set; }

    public static WebhookDelivery Record(Guid id, Guid subscriptionId, Guid documentId, long sequence, string eventType, string messageId, int attempt,
        DateTimeOffset at, bool succeeded, int? statusCode, TimeSpan latency, string? error) => new()
    {
        Id = id,
        SubscriptionId = subscriptionId,
        DocumentId = documentId,
        Sequence = sequence,
        EventType = eventType,
        MessageId = messageId,
        Attempt = attempt,
        AttemptedAt = at,
        Succeeded = succeeded,
        StatusCode = statusCode,
        LatencyMs = (int)Math.Min(int.MaxValue, latency.TotalMilliseconds),
        Error = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error,
    };

    /// <summary>The stable message id of an event: one per document and sequence.</summary>
    public static string MessageIdOf(Guid documentId, long sequence) => $"msg_{documentId:N}_{sequence}";
}

namespace OewgDrafting.Domain.Events;

/// <summary>
/// One entry of a document's append-only log: who did what, when, to which ids, with the before and
/// after needed to show it. Sequence numbers run 1, 2, 3… per document without gaps; the document's
/// version equals the sequence of its latest event.
/// </summary>
public sealed class DocumentEvent
{
    private DocumentEvent()
    {
        Actor = Type = Data = string.Empty;
        Touches = [];
    }

    public Guid DocumentId { get; private set; }
    public long Sequence { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The delegation code of whoever acted (<c>CHAIR</c>, <c>ESP</c>…), or <c>system</c>.</summary>
    public string Actor { get; private set; }

    /// <summary><c>documentImported</c>, <c>blockEdited</c>, <c>amendmentProposed</c>…</summary>
    public string Type { get; private set; }

    /// <summary>The ids of the blocks, amendments or procedures the event touches.</summary>
    public IReadOnlyList<string> Touches { get; private set; }

    /// <summary>JSON with what is needed to show the change (before and after).</summary>
    public string Data { get; private set; }

    /// <summary>SHA-256 of the previous event's hash and this event's canonical JSON (<see cref="EventChain"/>).</summary>
    public string? Hash { get; private set; }

    /// <summary>Links the event to the one before it, by that one's hash.</summary>
    public string Seal(string previousHash) => Hash = EventChain.Hash(previousHash, EventChain.Canonical(this));

    public static DocumentEvent Create(Guid documentId, long sequence, DateTimeOffset occurredAt, string actor, string type,
        IEnumerable<string> touches, string data) => new()
    {
        DocumentId = documentId,
        Sequence = sequence,
        OccurredAt = EventChain.Truncate(occurredAt),
        Actor = actor,
        Type = type,
        Touches = touches.ToList(),
        Data = data,
    };
}

/// <summary>A change to the registry of delegations and keys, which belongs to no document.</summary>
public sealed class RegistryEvent
{
    private RegistryEvent()
    {
        Actor = Type = Data = Subject = string.Empty;
    }

    public long Id { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public string Actor { get; private set; }
    public string Type { get; private set; }

    /// <summary>The delegation the change concerns.</summary>
    public string Subject { get; private set; }

    public string Data { get; private set; }

    /// <summary>SHA-256 of the previous registry event's hash and this event's canonical JSON.</summary>
    public string? Hash { get; private set; }

    public string Seal(string previousHash) => Hash = EventChain.Hash(previousHash, EventChain.Canonical(this));

    public static RegistryEvent Create(DateTimeOffset occurredAt, string actor, string type, string subject, string data) => new()
    {
        OccurredAt = EventChain.Truncate(occurredAt),
        Actor = actor,
        Type = type,
        Subject = subject,
        Data = data,
    };
}

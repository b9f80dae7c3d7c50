namespace OewgDrafting.Domain.Meetings;

/// <summary>
/// What is on the table now: the paragraph (and, when an amendment is being taken, that amendment) the chair points the
/// room to. One per document; followed live by the viewers.
/// </summary>
public sealed class TablePointer
{
    private TablePointer()
    {
        SetBy = string.Empty;
    }

    public Guid DocumentId { get; private set; }
    public Guid BlockId { get; private set; }
    public Guid? AmendmentId { get; private set; }
    public string SetBy { get; private set; }
    public DateTimeOffset SetAt { get; private set; }
    public int Version { get; private set; }

    public static TablePointer Create(Guid documentId) => new() { DocumentId = documentId };

    public void PointTo(Guid blockId, Guid? amendmentId, string actor, DateTimeOffset now)
    {
        BlockId = blockId;
        AmendmentId = amendmentId;
        SetBy = actor;
        SetAt = now;
        Version++;
    }
}

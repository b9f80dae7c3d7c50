namespace OewgDrafting.Domain.Meetings;

/// <summary>What the chair proposes to do with an amendment, published before the meeting decides it.</summary>
public enum Handling
{
    Accept,
    Bracket,
    Reject,

    /// <summary>Merge into a compromise with the given text.</summary>
    Merge,

    /// <summary>To be discussed in the room.</summary>
    Discuss,
}

/// <summary>The proposer's answer to the chair's proposed handling.</summary>
public enum HandlingAnswer
{
    Accepted,
    Contested,
}

/// <summary>
/// The chair's proposed handling of one amendment, and its proposer's answer. Changing the handling asks the proposer
/// again: an answer given to an earlier handling no longer stands.
/// </summary>
public sealed class ProposedHandling
{
    public const int MaxNoteLength = 2_000;

    private ProposedHandling()
    {
        SetBy = string.Empty;
    }

    public Guid AmendmentId { get; private set; }
    public Guid DocumentId { get; private set; }
    public Handling Handling { get; private set; }

    /// <summary>For <see cref="Meetings.Handling.Merge"/>: the compromise text the chair proposes.</summary>
    public string? Text { get; private set; }

    public string? Note { get; private set; }

    /// <summary>The chair's own order among the amendments this one collides with (1 first); null: furthest from the text first.</summary>
    public int? Order { get; private set; }

    public string SetBy { get; private set; }
    public DateTimeOffset SetAt { get; private set; }
    public HandlingAnswer? Answer { get; private set; }
    public string? AnsweredBy { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public string? Statement { get; private set; }
    public int Version { get; private set; }

    public static ProposedHandling Create(Guid amendmentId, Guid documentId) => new() { AmendmentId = amendmentId, DocumentId = documentId };

    public void Propose(Handling handling, string? text, string? note, string actor, DateTimeOffset now, int? order = null)
    {
        if (order is < 1 or > 1_000)
        {
            throw new DomainValidationException("order", "The chair's order is a rank from 1 (taken first) to 1000.");
        }

        if (handling == Handling.Merge && string.IsNullOrWhiteSpace(text))
        {
            throw new DomainValidationException("text", "A proposed merge gives the compromise text.");
        }

        if (handling != Handling.Merge && text is not null)
        {
            throw new DomainValidationException("text", "Only a proposed merge carries a compromise text.");
        }

        Handling = handling;
        Text = text?.Trim();
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        Order = order;
        SetBy = actor;
        SetAt = now;
        Answer = null;
        AnsweredBy = null;
        AnsweredAt = null;
        Statement = null;
        Version++;
    }

    /// <summary>The proposer accepts or contests the handling as it now stands.</summary>
    public void Respond(HandlingAnswer answer, string actor, string? statement, DateTimeOffset now)
    {
        if (answer == HandlingAnswer.Contested && string.IsNullOrWhiteSpace(statement))
        {
            throw new DomainValidationException("statement", "Say why the proposed handling is contested.");
        }

        Answer = answer;
        AnsweredBy = actor;
        AnsweredAt = now;
        Statement = string.IsNullOrWhiteSpace(statement) ? null : statement.Trim();
        Version++;
    }
}

using System.Text.Json;

namespace OewgDrafting.Api.Features.Events;

public sealed record EventResponse(long Sequence, DateTimeOffset OccurredAt, string Actor, string Type,
    IReadOnlyList<string> Touches, JsonElement Data, string? Hash);

public sealed record EventPage(IReadOnlyList<EventResponse> Events, long LastSequence, bool HasMore);

/// <summary>What the hash chain of a document's log says: how far it holds and, if it breaks, where first.</summary>
public sealed record ChainVerification(Guid DocumentId, long DocumentVersion, long Verified, bool Valid, string HeadHash, long? FirstBadSequence, string? Problem);

using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Events;

public sealed record EventResponse(long Sequence, DateTimeOffset OccurredAt, string Actor, string Type,
    IReadOnlyList<string> Touches, JsonElement Data, string? Hash);

public sealed record EventPage(IReadOnlyList<EventResponse> Events, long LastSequence, bool HasMore);

/// <summary>Pages through a document's log, in order, after a sequence number.</summary>
public static class ListDocumentEvents
{
    public const int MaxLimit = 1_000;

    public sealed record Query(Guid DocumentId, long After, int Limit) : IQuery<EventPage>;

    public sealed class Handler(DraftingDbContext db, Infrastructure.Auth.ICurrentActor actor) : IQueryHandler<Query, EventPage>
    {
        public async ValueTask<EventPage> Handle(Query query, CancellationToken cancellationToken)
        {
            var version = await db.DocumentVersionAsync(query.DocumentId, cancellationToken);
            var events = await db.DocumentEvents.AsNoTracking()
                .Where(e => e.DocumentId == query.DocumentId && e.Sequence > query.After)
                .OrderBy(e => e.Sequence)
                .Take(query.Limit + 1)
                .ToListAsync(cancellationToken);
            var page = events.Take(query.Limit).Select(e => CommentPrivacy.AsSeenBy(actor.Code,
                new EventResponse(e.Sequence, e.OccurredAt, e.Actor, e.Type, e.Touches, JsonDocument.Parse(e.Data).RootElement.Clone(), e.Hash))).ToList();
            return new EventPage(page, version, events.Count > query.Limit);
        }
    }
}

/// <summary>
/// A comment meant for the chair's office only is in the log like every change, but only the chair and its author's
/// delegation read it there: anyone else sees that the event happened (its sequence, type and time) and nothing more.
/// </summary>
public static class CommentPrivacy
{
    private static readonly JsonElement Hidden = JsonDocument.Parse("""{"visibility":"chair","hidden":true}""").RootElement.Clone();

    public static EventResponse AsSeenBy(string reader, EventResponse e)
    {
        if (!e.Type.StartsWith("comment", StringComparison.Ordinal) || e.Data.ValueKind != JsonValueKind.Object
            || !(Field(e.Data, "visibility") ?? Field(e.Data.TryGetProperty("after", out var after) ? after : default, "visibility"))
                ?.Equals("chair", StringComparison.Ordinal) == true)
        {
            return e;
        }

        if (string.Equals(reader, Domain.Delegations.Delegation.ChairCode, StringComparison.OrdinalIgnoreCase)
            || string.Equals(reader, Field(e.Data, "author"), StringComparison.OrdinalIgnoreCase)
            || string.Equals(reader, Field(e.Data, "threadAuthor"), StringComparison.OrdinalIgnoreCase))
        {
            return e;
        }

        return e with { Actor = "hidden", Touches = [], Data = Hidden };
    }

    private static string? Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

/// <summary>What the hash chain of a document's log says: how far it holds and, if it breaks, where first.</summary>
public sealed record ChainVerification(Guid DocumentId, long DocumentVersion, long Verified, bool Valid, string HeadHash, long? FirstBadSequence, string? Problem);

/// <summary>Recomputes a document's hash chain from its stored events (the events endpoint's /verify, and the CLI).</summary>
public static class VerifyDocumentEvents
{
    public sealed record Query(Guid DocumentId) : IQuery<ChainVerification>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, ChainVerification>
    {
        public async ValueTask<ChainVerification> Handle(Query query, CancellationToken cancellationToken) =>
            await VerifyAsync(db, query.DocumentId, cancellationToken);
    }

    public static async Task<ChainVerification> VerifyAsync(DraftingDbContext db, Guid documentId, CancellationToken cancellationToken)
    {
        var version = await db.DocumentVersionAsync(documentId, cancellationToken);
        var events = await db.DocumentEvents.AsNoTracking().Where(e => e.DocumentId == documentId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        var check = Domain.Events.EventChain.Verify(events, version);
        return new ChainVerification(documentId, version, check.Verified, check.Valid, check.HeadHash, check.FirstBadSequence, check.Problem);
    }
}

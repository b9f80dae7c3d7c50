using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Events;

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
            // Amendment events are read with the document's withdrawn amendments at hand, to hide those from whoever may not see them.
            var amendments = events.Any(e => e.Type.Contains("mendment", StringComparison.Ordinal))
                ? await AmendmentPrivacy.OfAsync(db, query.DocumentId, cancellationToken)
                : null;
            var page = events.Take(query.Limit).Select(e =>
            {
                var seen = CommentPrivacy.AsSeenBy(actor.Code,
                    new EventResponse(e.Sequence, e.OccurredAt, e.Actor, e.Type, e.Touches, JsonDocument.Parse(e.Data).RootElement.Clone(), e.Hash));
                return amendments?.AsSeenBy(actor.Code, seen) ?? seen;
            }).ToList();
            return new EventPage(page, version, events.Count > query.Limit);
        }
    }
}

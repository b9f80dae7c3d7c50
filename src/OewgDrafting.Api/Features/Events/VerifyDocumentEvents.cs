using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Events;

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

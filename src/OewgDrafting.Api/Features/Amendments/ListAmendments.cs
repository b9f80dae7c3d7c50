using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>A document's amendments, filtered by status, paragraph or delegation (proposer or co-sponsor).</summary>
public static class ListAmendments
{
    public sealed record Query(Guid DocumentId, AmendmentStatus? Status, Guid? BlockId, string? Delegation) : IQuery<IReadOnlyList<AmendmentResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<AmendmentResponse>>
    {
        public async ValueTask<IReadOnlyList<AmendmentResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var amendments = db.Amendments.AsNoTracking().Where(a => a.DocumentId == query.DocumentId);
            if (query.Status is { } status)
            {
                amendments = amendments.Where(a => a.Status == status);
            }

            if (query.BlockId is { } blockId)
            {
                amendments = amendments.Where(a => a.BlockId == blockId || a.ResultBlockId == blockId);
            }

            var list = await amendments.OrderBy(a => a.Number).ToListAsync(cancellationToken);
            if (query.Delegation is { } delegation)
            {
                var code = delegation.Trim().ToUpperInvariant();
                list = list.Where(a => a.Proposer == code || a.SubmittedBy == code || a.Cosponsors.Contains(code) || a.Invited.Contains(code)).ToList();
            }

            var blocks = list.Where(a => a.IsPending).Select(a => a.BlockId).Distinct().ToList();
            var collisions = blocks.Count == 0
                ? new Dictionary<Guid, IReadOnlyList<Guid>>()
                : await AmendmentViews.CollisionsAsync(db, query.DocumentId, blocks, cancellationToken);
            return list.Select(a => AmendmentResponse.From(a, collisions.TryGetValue(a.Id, out var hits) ? hits : [])).ToList();
        }
    }
}

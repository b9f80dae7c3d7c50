using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>Every paragraph where pending amendments collide, so that the chair can merge them.</summary>
public static class ListCollisions
{
    public sealed record Query(Guid DocumentId) : IQuery<IReadOnlyList<CollisionResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<CollisionResponse>>
    {
        public async ValueTask<IReadOnlyList<CollisionResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var pending = await db.Amendments.AsNoTracking()
                .Where(a => a.DocumentId == query.DocumentId && a.Status == AmendmentStatus.Proposed && a.ParentId == null).ToListAsync(cancellationToken);
            var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == query.DocumentId)
                .Select(b => new { b.Id, b.Text, b.Version, b.Label, b.Position }).ToDictionaryAsync(b => b.Id, cancellationToken);
            var collisions = Collisions.Find(pending.Select(a =>
                AmendmentViews.Resolve(a, blocks.TryGetValue(a.BlockId, out var b) ? (b.Text, b.Version) : null)));

            return pending.Where(a => collisions.ContainsKey(a.Id))
                .GroupBy(a => a.BlockId)
                .OrderBy(g => blocks.TryGetValue(g.Key, out var b) ? b.Position : long.MaxValue)
                .Select(g => new CollisionResponse(g.Key, blocks.TryGetValue(g.Key, out var b) ? b.Label : null,
                    g.OrderBy(a => a.Number).Select(a => new CollidingAmendment(a.Id, a.Number, a.Kind, a.Proposer, a.Quote, a.Text, collisions[a.Id])).ToList()))
                .ToList();
        }
    }
}

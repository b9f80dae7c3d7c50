using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>Every pending amendment one amendment collides with, a page at a time.</summary>
public static class ListAmendmentCollisions
{
    public const int MaxLimit = 500;

    public sealed record Query(Guid DocumentId, Guid AmendmentId, int Offset, int Limit) : IQuery<CollisionPage>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, CollisionPage>
    {
        public async ValueTask<CollisionPage> Handle(Query query, CancellationToken cancellationToken)
        {
            var amendment = await db.Amendments.AsNoTracking()
                .SingleOrDefaultAsync(a => a.Id == query.AmendmentId && a.DocumentId == query.DocumentId, cancellationToken)
                ?? throw new NotFoundException("Amendment", query.AmendmentId);
            if (!amendment.IsPending)
            {
                return new CollisionPage(amendment.Id, 0, query.Offset, query.Limit, []);
            }

            var others = await db.Amendments.AsNoTracking()
                .Where(a => a.DocumentId == query.DocumentId && a.BlockId == amendment.BlockId && a.Status == AmendmentStatus.Proposed && a.ParentId == null && a.Id != amendment.Id)
                .OrderBy(a => a.Number).ToListAsync(cancellationToken);
            var block = await db.Blocks.AsNoTracking().Where(b => b.Id == amendment.BlockId)
                .Select(b => new { b.Text, b.Version }).SingleOrDefaultAsync(cancellationToken);
            var text = block is null ? ((string, int)?)null : (block.Text, block.Version);
            var self = AmendmentViews.Resolve(amendment, text);
            var colliding = others.Where(o => Collisions.Collide(self, AmendmentViews.Resolve(o, text))).ToList();
            return new CollisionPage(amendment.Id, colliding.Count, query.Offset, query.Limit,
                colliding.Skip(query.Offset).Take(query.Limit)
                    .Select(a => new Collision(a.Id, a.Number, a.Kind, a.Proposer, a.Quote, a.Text)).ToList());
        }
    }
}

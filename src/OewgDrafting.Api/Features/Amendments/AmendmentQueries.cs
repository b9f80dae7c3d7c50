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

/// <summary>One amendment with its history, its collisions and a preview of the paragraph if it were accepted now.</summary>
public static class GetAmendment
{
    public sealed record Query(Guid DocumentId, Guid AmendmentId) : IQuery<AmendmentResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var amendment = await db.Amendments.AsNoTracking()
                .SingleOrDefaultAsync(a => a.Id == query.AmendmentId && a.DocumentId == query.DocumentId, cancellationToken)
                ?? throw new NotFoundException("Amendment", query.AmendmentId);
            if (!amendment.IsPending)
            {
                return AmendmentResponse.From(amendment, withHistory: true);
            }

            var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == amendment.BlockId, cancellationToken);
            var collisions = await AmendmentViews.CollisionsAsync(db, query.DocumentId, [amendment.BlockId], cancellationToken);
            return AmendmentResponse.From(amendment, collisions.TryGetValue(amendment.Id, out var hits) ? hits : [],
                AmendmentViews.Preview(amendment, amendment.Kind == AmendmentKind.AddParagraph ? null : block), withHistory: true);
        }
    }
}

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
                .Where(a => a.DocumentId == query.DocumentId && a.Status == AmendmentStatus.Proposed).ToListAsync(cancellationToken);
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

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>
/// The answer to a proposal, computed after its commit and outside the document's queue: the preview of the
/// paragraph and a bounded list of the amendments it collides with. Its cost does not grow with the pending
/// amendments on the paragraph: overlapping spans are found in the index, and amendments written against an
/// older version of the paragraph (which must be re-anchored to compare) are examined up to a bound.
/// </summary>
public static class DescribeProposal
{
    /// <summary>Most collisions listed in a proposal's answer; the rest are paged at /amendments/{id}/collisions.</summary>
    public const int MaxCollisions = 20;

    /// <summary>Most stale pending amendments (written against an older paragraph version) re-anchored for the answer.</summary>
    public const int MaxStaleExamined = 100;

    public sealed record Query(Amendment Amendment) : IQuery<AmendmentResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var amendment = query.Amendment;
            var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == amendment.BlockId, cancellationToken);
            var (collisions, more) = await NearestAsync(db, amendment, block, cancellationToken);
            return AmendmentResponse.From(amendment, collisions,
                AmendmentViews.Preview(amendment, amendment.Kind == AmendmentKind.AddParagraph ? null : block)) with { MoreCollisions = more };
        }
    }

    private static readonly AmendmentKind[] Quoting = [AmendmentKind.Insert, AmendmentKind.Delete, AmendmentKind.Replace];
    private static readonly AmendmentKind[] WholeParagraph = [AmendmentKind.ReplaceParagraph, AmendmentKind.DeleteParagraph];

    /// <summary>Up to <see cref="MaxCollisions"/> collisions, in number order, and whether there may be more.</summary>
    public static async Task<(IReadOnlyList<Guid> Ids, bool More)> NearestAsync(DraftingDbContext db, Amendment amendment, Block? block,
        CancellationToken cancellationToken)
    {
        var pending = db.Amendments.AsNoTracking().Where(a => a.BlockId == amendment.BlockId && a.Status == AmendmentStatus.Proposed
            && a.Id != amendment.Id && a.DocumentId == amendment.DocumentId);
        if (amendment.Kind == AmendmentKind.AddParagraph)
        {
            // New paragraphs collide when they follow the same block.
            var sameSpot = await pending.Where(a => a.Kind == AmendmentKind.AddParagraph).OrderBy(a => a.Number)
                .Select(a => a.Id).Take(MaxCollisions + 1).ToListAsync(cancellationToken);
            return (sameSpot.Take(MaxCollisions).ToList(), sameSpot.Count > MaxCollisions);
        }

        if (block is null || AmendmentViews.Resolve(amendment, (block.Text, block.Version)) is not { Span: { } span } self)
        {
            return ([], false);
        }

        // Written against the current version, an amendment's stored span is its span in the current text; a
        // whole-paragraph amendment collides with everything on the paragraph.
        var version = block.Version;
        var whole = self.IsWholeParagraph;
        var current = await pending
            .Where(a => WholeParagraph.Contains(a.Kind)
                || (a.BaseVersion == version && Quoting.Contains(a.Kind) && (whole || (a.AnchorStart < span.End && span.Start < a.AnchorEnd))))
            .OrderBy(a => a.Number).Select(a => new { a.Id, a.Number }).Take(MaxCollisions + 1).ToListAsync(cancellationToken);

        var stale = await pending.Where(a => a.BaseVersion != version && Quoting.Contains(a.Kind))
            .OrderByDescending(a => a.Number).Take(MaxStaleExamined + 1).ToListAsync(cancellationToken);
        var reanchored = stale.Take(MaxStaleExamined)
            .Select(a => AmendmentViews.Resolve(a, (block.Text, version)))
            .Where(r => Collisions.Collide(self, r))
            .Select(r => new { r.Pending.Id, r.Pending.Number });

        var all = current.Concat(reanchored).OrderBy(a => a.Number).ToList();
        return (all.Take(MaxCollisions).Select(a => a.Id).ToList(), all.Count > MaxCollisions || stale.Count > MaxStaleExamined);
    }
}

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
                .Where(a => a.DocumentId == query.DocumentId && a.BlockId == amendment.BlockId && a.Status == AmendmentStatus.Proposed && a.Id != amendment.Id)
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

public sealed record CollisionPage(Guid AmendmentId, int Total, int Offset, int Limit, IReadOnlyList<Collision> Items);

public sealed record Collision(Guid Id, int Number, AmendmentKind Kind, string Proposer, string? Quote, string? Text);

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

    /// <summary>The amendment, and its paragraph when already known to be current (else it is read).</summary>
    public sealed record Query(Amendment Amendment, Block? Paragraph = null) : IQuery<AmendmentResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var amendment = query.Amendment;
            var blockId = amendment.BlockId;
            var block = query.Paragraph ?? await BlockById(db, blockId, cancellationToken);
            var (collisions, more) = await NearestAsync(db, amendment, block, cancellationToken);
            return AmendmentResponse.From(amendment, collisions,
                AmendmentViews.Preview(amendment, amendment.Kind == AmendmentKind.AddParagraph ? null : block)) with { MoreCollisions = more };
        }
    }

    private static readonly AmendmentKind[] WholeParagraph = [AmendmentKind.ReplaceParagraph, AmendmentKind.DeleteParagraph];

    private sealed record Candidate(Guid Id, int Number, AmendmentKind Kind, int BaseVersion, string? Quote, Placement? Placement,
        string? Text, int? Occurrence, int BaseOccurrences);

    private static readonly Func<DraftingDbContext, Guid, CancellationToken, Task<Block?>> BlockById =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid blockId, CancellationToken _) => db.Blocks.AsNoTracking().SingleOrDefault(b => b.Id == blockId));

    // Compiled once: a proposal's answer runs these on every proposal, and translating the LINQ each time was most of
    // what the answer cost.
    private static readonly Func<DraftingDbContext, Guid, Guid, Guid, IAsyncEnumerable<Guid>> NewParagraphsAfter =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid blockId, Guid id, Guid documentId) =>
            db.Amendments.AsNoTracking()
                .Where(a => a.BlockId == blockId && a.Status == AmendmentStatus.Proposed && a.Id != id && a.DocumentId == documentId
                    && a.Kind == AmendmentKind.AddParagraph)
                .OrderBy(a => a.Number).Select(a => a.Id).Take(MaxCollisions + 1));

    private static readonly Func<DraftingDbContext, Guid, Guid, Guid, int, bool, int, int, IAsyncEnumerable<Candidate>> Overlapping =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid blockId, Guid id, Guid documentId, int version, bool whole, int start, int end) =>
            db.Amendments.AsNoTracking()
                .Where(a => a.BlockId == blockId && a.Status == AmendmentStatus.Proposed && a.Id != id && a.DocumentId == documentId)
                .Where(a => a.Kind == AmendmentKind.ReplaceParagraph || a.Kind == AmendmentKind.DeleteParagraph
                    || ((a.Kind == AmendmentKind.Insert || a.Kind == AmendmentKind.Delete || a.Kind == AmendmentKind.Replace)
                        && (a.BaseVersion != version || whole || (a.AnchorStart < end && start < a.AnchorEnd))))
                .OrderBy(a => a.Kind == AmendmentKind.ReplaceParagraph || a.Kind == AmendmentKind.DeleteParagraph || a.BaseVersion == version ? 0 : 1)
                .ThenBy(a => a.Number)
                .Select(a => new Candidate(a.Id, a.Number, a.Kind, a.BaseVersion, a.Quote, a.Placement, a.Text, a.Occurrence, a.BaseOccurrences))
                .Take(MaxCollisions + 1 + MaxStaleExamined + 1));

    /// <summary>Up to <see cref="MaxCollisions"/> collisions, in number order, and whether there may be more.</summary>
    public static async Task<(IReadOnlyList<Guid> Ids, bool More)> NearestAsync(DraftingDbContext db, Amendment amendment, Block? block,
        CancellationToken cancellationToken)
    {
        var (id, blockId, documentId) = (amendment.Id, amendment.BlockId, amendment.DocumentId);
        if (amendment.Kind == AmendmentKind.AddParagraph)
        {
            // New paragraphs collide when they follow the same block.
            var sameSpot = await NewParagraphsAfter(db, blockId, id, documentId).ToListAsync(cancellationToken);
            return (sameSpot.Take(MaxCollisions).ToList(), sameSpot.Count > MaxCollisions);
        }

        if (block is null || AmendmentViews.Resolve(amendment, (block.Text, block.Version)) is not { Span: { } span } self)
        {
            return ([], false);
        }

        // Written against the current version, an amendment's stored span is its span in the current text, and the
        // index finds the overlapping ones; a whole-paragraph amendment collides with everything on the paragraph.
        // Those come first; then the amendments written against older versions, which are re-anchored here.
        var version = block.Version;
        var candidates = await Overlapping(db, blockId, id, documentId, version, self.IsWholeParagraph, span.Start, span.End)
            .ToListAsync(cancellationToken);

        var collisions = new List<Candidate>();
        var staleExamined = 0;
        var more = false;
        foreach (var candidate in candidates)
        {
            var current = WholeParagraph.Contains(candidate.Kind) || candidate.BaseVersion == version;
            if (!current)
            {
                if (++staleExamined > MaxStaleExamined)
                {
                    more = true;
                    break;
                }

                var pendingChange = new PendingChange(candidate.Id, candidate.Number,
                    new TextChange(candidate.Kind, candidate.Quote, candidate.Placement, candidate.Text, candidate.Occurrence),
                    blockId, candidate.BaseVersion, candidate.BaseOccurrences, string.Empty, [], Stances.None);
                if (!Collisions.Collide(self, Collisions.Resolve(block.Text, version, pendingChange)))
                {
                    continue;
                }
            }

            collisions.Add(candidate);
        }

        more |= collisions.Count > MaxCollisions;
        return (collisions.OrderBy(c => c.Number).Take(MaxCollisions).Select(c => c.Id).ToList(), more);
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

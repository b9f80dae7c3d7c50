using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>Read-side helpers: previews, and collisions among pending amendments.</summary>
public static class AmendmentViews
{
    public static PendingChange ToPending(Amendment a, Stances? stances = null, string? agreedLanguage = null, string? subAmendments = null) =>
        new(a.Id, a.Number, a.Change, a.BlockId, a.BaseVersion, a.BaseOccurrences, a.Proposer, a.Cosponsors, stances ?? Stances.None,
            a.ProposedAt, a.Justification, agreedLanguage, subAmendments);

    /// <summary>Collisions among the pending amendments on the given blocks.</summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>> CollisionsAsync(DraftingDbContext db, Guid documentId,
        IReadOnlyCollection<Guid> blockIds, CancellationToken cancellationToken)
    {
        var pending = await db.Amendments.AsNoTracking()
            .Where(a => a.DocumentId == documentId && a.Status == AmendmentStatus.Proposed && a.ParentId == null && blockIds.Contains(a.BlockId))
            .ToListAsync(cancellationToken);
        var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == documentId && blockIds.Contains(b.Id))
            .Select(b => new { b.Id, b.Text, b.Version }).ToDictionaryAsync(b => b.Id, cancellationToken);
        return Collisions.Find(pending.Select(a => Resolve(a, blocks.TryGetValue(a.BlockId, out var b) ? (b.Text, b.Version) : null)));
    }

    public static ResolvedChange Resolve(Amendment amendment, (string Text, int Version)? block)
    {
        if (amendment.Kind == AmendmentKind.AddParagraph)
        {
            return new ResolvedChange(ToPending(amendment), null, null);
        }

        return block is { } b
            ? Collisions.Resolve(b.Text, b.Version, ToPending(amendment))
            : new ResolvedChange(ToPending(amendment), null, "The paragraph no longer exists.");
    }

    /// <summary>The paragraph as it would read if the amendment were accepted now.</summary>
    public static AmendmentPreview Preview(Amendment amendment, Block? block, string? newLabel = null)
    {
        var change = amendment.Change;
        if (change.Kind == AmendmentKind.AddParagraph)
        {
            return new AmendmentPreview(change.Text, newLabel, false, null);
        }

        if (block is null)
        {
            return new AmendmentPreview(null, null, false, "The paragraph no longer exists.");
        }

        if (!change.IsWithinParagraph)
        {
            var stale = block.Version != amendment.BaseVersion
                ? $"Paragraph {block.Label ?? "(unnumbered)"} changed since version {amendment.BaseVersion}, which this amendment was written against."
                : null;
            var text = AmendmentText.ApplyToParagraph(block.Text, change, bracketed: false);
            return new AmendmentPreview(text, block.Label, text is null, stale);
        }

        var resolved = Collisions.Resolve(block.Text, block.Version, ToPending(amendment));
        return resolved.Span is { } span
            ? new AmendmentPreview(AmendmentText.Apply(block.Text, span, change, bracketed: false), block.Label, false, null)
            : new AmendmentPreview(null, block.Label, false, resolved.Conflict);
    }
}

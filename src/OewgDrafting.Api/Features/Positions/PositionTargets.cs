using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Positions;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Positions;

internal static class PositionTargets
{
    public static Task<Position?> FindAsync(DraftingDbContext db, Guid documentId, PositionTargetRef where, string code, CancellationToken cancellationToken)
    {
        var key = Position.KeyOf(where.BracketIndex);
        return db.Positions.SingleOrDefaultAsync(p => p.DocumentId == documentId && p.Target == where.Target && p.TargetId == where.TargetId
            && p.BracketKey == key && p.Delegation == code, cancellationToken);
    }

    /// <summary>Positions are taken only on open paragraphs, pending amendments to them, and brackets that exist.</summary>
    public static async Task<int?> CheckAsync(DraftingDbContext db, Guid documentId, PositionTargetRef where, int? alternative, CancellationToken cancellationToken)
    {
        switch (where.Target)
        {
            case PositionTarget.Amendment:
                var amendment = await db.Amendments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == where.TargetId && a.DocumentId == documentId, cancellationToken)
                    ?? throw new NotFoundException("Amendment", where.TargetId);
                amendment.EnsurePending();
                if (amendment.Kind != AmendmentKind.AddParagraph)
                {
                    (await db.FindBlockAsync(documentId, amendment.BlockId, cancellationToken)).EnsureOpenForNegotiation();
                }

                return null;
            case PositionTarget.Bracket:
                var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == where.TargetId && b.DocumentId == documentId, cancellationToken)
                    ?? throw new NotFoundException("Block", where.TargetId);
                block.EnsureOpenForNegotiation();
                var brackets = BracketedText.ParseLenient(block.Text).Brackets;
                if (where.BracketIndex is not { } index || index < 0 || index >= brackets.Count)
                {
                    throw new NotFoundException("Bracket", where.BracketIndex ?? -1);
                }

                if (alternative is { } alt && alt >= brackets[index].Alternatives.Count)
                {
                    throw new DomainValidationException("alternative", $"Bracket {index} has alternatives 0 to {brackets[index].Alternatives.Count - 1}.");
                }

                return block.Version;
            default:
                var paragraph = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == where.TargetId && b.DocumentId == documentId, cancellationToken)
                    ?? throw new NotFoundException("Block", where.TargetId);
                paragraph.EnsureOpenForNegotiation();
                return null;
        }
    }
}

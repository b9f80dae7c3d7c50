using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Consensus;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Positions;
using OewgDrafting.Domain.Silence;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>
/// Loads the facts the consensus rules need with narrow projections (no entity tracking), so that the
/// chair's dashboard stays fast on a 1,000-paragraph document with 20,000 amendments.
/// </summary>
public static class ConsensusLoader
{
    public static async Task<ConsensusPicture> PictureAsync(DraftingDbContext db, Guid documentId, CancellationToken cancellationToken,
        Guid? exceptSilence = null)
    {
        var status = await db.Documents.AsNoTracking().Where(d => d.Id == documentId).Select(d => (DocumentStatus?)d.Status)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Document", documentId);
        var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == documentId).OrderBy(b => b.Position)
            .Select(b => new BlockFacts(b.Id, b.Label, b.Kind, b.Status, b.OpenBrackets)).ToListAsync(cancellationToken);
        var pending = await db.Amendments.AsNoTracking().Where(a => a.DocumentId == documentId && a.Status == AmendmentStatus.Proposed)
            .Select(a => new AmendmentFacts(a.Number, a.BlockId, a.Proposer)).ToListAsync(cancellationToken);
        var objections = await db.Positions.AsNoTracking()
            .Where(p => p.DocumentId == documentId && p.Target == PositionTarget.Block && p.Stance == Stance.Oppose)
            .Select(p => new ObjectionFacts(p.TargetId, p.Delegation, p.Statement)).ToListAsync(cancellationToken);
        var silences = (await db.SilenceProcedures.AsNoTracking()
                .Where(s => s.DocumentId == documentId && s.Status == SilenceStatus.Running && s.Id != exceptSilence)
                .Select(s => new { s.Id, s.WholeDocument, s.BlockIds }).ToListAsync(cancellationToken))
            .Select(s => new SilenceFacts(s.Id, s.WholeDocument ? null : s.BlockIds)).ToList();
        return ConsensusRules.Compute(status, blocks, pending, objections, silences);
    }

    /// <summary>The blockers of one paragraph's agreement.</summary>
    public static async Task<BlockBlockers> BlockAsync(DraftingDbContext db, Block block, CancellationToken cancellationToken)
    {
        var pending = await db.Amendments.AsNoTracking()
            .Where(a => a.DocumentId == block.DocumentId && a.BlockId == block.Id && a.Status == AmendmentStatus.Proposed
                && a.Kind != AmendmentKind.AddParagraph)
            .Select(a => new AmendmentFacts(a.Number, a.BlockId, a.Proposer)).ToListAsync(cancellationToken);
        var objections = await db.Positions.AsNoTracking()
            .Where(p => p.DocumentId == block.DocumentId && p.Target == PositionTarget.Block && p.TargetId == block.Id && p.Stance == Stance.Oppose)
            .Select(p => new ObjectionFacts(p.TargetId, p.Delegation, p.Statement)).ToListAsync(cancellationToken);
        return ConsensusRules.ForBlock(new BlockFacts(block.Id, block.Label, block.Kind, block.Status, block.OpenBrackets), pending, objections, []);
    }
}

using Microsoft.EntityFrameworkCore;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Persistence;

public static class BlockLookup
{
    /// <summary>A document's current version (which every change advances), or 404.</summary>
    public static async Task<long> DocumentVersionAsync(this DraftingDbContext db, Guid documentId, CancellationToken cancellationToken) =>
        await db.Documents.AsNoTracking().Where(d => d.Id == documentId).Select(d => (long?)d.Version)
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Document", documentId);

    public static async Task<Block> FindBlockAsync(this DraftingDbContext db, Guid documentId, Guid blockId,
        CancellationToken cancellationToken) =>
        await db.Blocks.SingleOrDefaultAsync(b => b.Id == blockId && b.DocumentId == documentId, cancellationToken)
        ?? throw new NotFoundException("Block", blockId);
}

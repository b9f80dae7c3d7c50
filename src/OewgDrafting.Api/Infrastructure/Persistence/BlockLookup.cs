using Microsoft.EntityFrameworkCore;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Persistence;

public static class BlockLookup
{
    public static async Task<Block> FindBlockAsync(this DraftingDbContext db, Guid documentId, Guid blockId,
        CancellationToken cancellationToken) =>
        await db.Blocks.SingleOrDefaultAsync(b => b.Id == blockId && b.DocumentId == documentId, cancellationToken)
        ?? throw new NotFoundException("Block", blockId);
}

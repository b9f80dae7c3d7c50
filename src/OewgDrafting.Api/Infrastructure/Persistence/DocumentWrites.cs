using Microsoft.EntityFrameworkCore;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Persistence;

public static class DocumentWrites
{
    /// <summary>
    /// Starts a change to a document inside the command's transaction: one statement advances the
    /// document's version (and so takes its row lock, serialising writers to the same document), then the
    /// document is loaded with its new version.
    /// </summary>
    public static async Task<Document> OpenForWriteAsync(this DraftingDbContext db, Guid documentId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var updated = await db.Documents
            .Where(d => d.Id == documentId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Version, d => d.Version + 1)
                .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            throw new NotFoundException("Document", documentId);
        }

        return await db.Documents.SingleAsync(d => d.Id == documentId, cancellationToken);
    }

    public static async Task<Block> FindBlockAsync(this DraftingDbContext db, Guid documentId, Guid blockId,
        CancellationToken cancellationToken) =>
        await db.Blocks.SingleOrDefaultAsync(b => b.Id == blockId && b.DocumentId == documentId, cancellationToken)
        ?? throw new NotFoundException("Block", blockId);
}

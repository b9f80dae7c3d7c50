using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Comments;

namespace OewgDrafting.Api.Features.CommentThreads;

/// <summary>Open threads everyone may see, per block: what the compilation shows beside each paragraph.</summary>
public static class OpenCommentCounts
{
    public static async Task<Dictionary<Guid, int>> ForDocumentAsync(DraftingDbContext db, Guid documentId, CancellationToken cancellationToken) =>
        await db.Comments.AsNoTracking()
            .Where(c => c.DocumentId == documentId && c.ParentId == null && c.Status == CommentStatus.Open && c.Visibility == CommentVisibility.Participants)
            .GroupBy(c => c.BlockId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
}

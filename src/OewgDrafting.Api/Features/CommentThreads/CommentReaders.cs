using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Comments;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.CommentThreads;

/// <summary>Who reads: the chair's office sees every comment, a delegation its own and everyone's public ones.</summary>
internal static class CommentReaders
{
    public static bool IsChair(string actor) => string.Equals(actor, Delegation.ChairCode, StringComparison.OrdinalIgnoreCase);

    public static IQueryable<Comment> VisibleTo(this IQueryable<Comment> comments, string actor) =>
        IsChair(actor)
            ? comments
            : comments.Where(c => c.Visibility == CommentVisibility.Participants || c.Author == actor || c.ThreadAuthor == actor);

    /// <summary>The comment, if the actor may see it; otherwise a 404, as if it did not exist.</summary>
    public static async Task<Comment> FindVisibleAsync(DraftingDbContext db, Guid documentId, Guid commentId, string actor, bool tracked,
        CancellationToken cancellationToken)
    {
        var query = tracked ? db.Comments : db.Comments.AsNoTracking();
        return await query.Where(c => c.DocumentId == documentId && c.Id == commentId).VisibleTo(actor).SingleOrDefaultAsync(cancellationToken)
               ?? throw new NotFoundException("Comment", commentId);
    }

    public static async Task<CommentResponse> RespondAsync(DraftingDbContext db, Comment comment, CancellationToken cancellationToken)
    {
        var status = comment.IsThread
            ? comment.Status
            : await db.Comments.AsNoTracking().Where(c => c.Id == comment.ThreadId).Select(c => c.Status).SingleAsync(cancellationToken);
        var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == comment.BlockId, cancellationToken);
        return CommentResponse.From(comment, status, Locate(comment, block));
    }

    public static CommentAnchor Locate(Comment comment, Block? block) =>
        block is null ? new CommentAnchor(CommentAnchorState.Detached, null, null) : comment.LocateIn(block);
}

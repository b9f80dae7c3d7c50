using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Comments;

namespace OewgDrafting.Api.Features.CommentThreads;

public static class ListComments
{
    public const int MaxLimit = 500;

    public sealed record Query(Guid DocumentId, Guid? BlockId, CommentStatus? Status, string? Delegation, int Offset, int Limit) : IQuery<CommentPage>;

    public sealed class Handler(DraftingDbContext db, ICurrentActor actor) : IQueryHandler<Query, CommentPage>
    {
        public async ValueTask<CommentPage> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var visible = db.Comments.AsNoTracking().Where(c => c.DocumentId == query.DocumentId).VisibleTo(actor.Code);
            if (query.BlockId is { } blockId)
            {
                visible = visible.Where(c => c.BlockId == blockId);
            }

            if (query.Delegation is { } delegation)
            {
                var code = delegation.Trim().ToUpperInvariant();
                visible = visible.Where(c => c.Author == code);
            }

            if (query.Status is { } status)
            {
                var threads = db.Comments.Where(t => t.DocumentId == query.DocumentId && t.ParentId == null && t.Status == status).Select(t => t.Id);
                visible = visible.Where(c => threads.Contains(c.ThreadId));
            }

            var total = await visible.CountAsync(cancellationToken);
            var comments = await visible.OrderBy(c => c.Sequence).Skip(query.Offset).Take(query.Limit).ToListAsync(cancellationToken);
            var threadIds = comments.Select(c => c.ThreadId).Distinct().ToList();
            var statuses = await db.Comments.AsNoTracking().Where(c => threadIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Status, cancellationToken);
            var blockIds = comments.Select(c => c.BlockId).Distinct().ToList();
            var blocks = await db.Blocks.AsNoTracking().Where(b => blockIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);
            return new CommentPage(comments.Select(c => CommentResponse.From(c, statuses.GetValueOrDefault(c.ThreadId, c.Status),
                CommentReaders.Locate(c, blocks.GetValueOrDefault(c.BlockId)))).ToList(), total, query.Offset, query.Limit);
        }
    }
}

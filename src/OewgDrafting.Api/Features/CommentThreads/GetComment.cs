using Mediator;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.CommentThreads;

public static class GetComment
{
    public sealed record Query(Guid DocumentId, Guid CommentId) : IQuery<CommentResponse>;

    public sealed class Handler(DraftingDbContext db, ICurrentActor actor) : IQueryHandler<Query, CommentResponse>
    {
        public async ValueTask<CommentResponse> Handle(Query query, CancellationToken cancellationToken) =>
            await CommentReaders.RespondAsync(db,
                await CommentReaders.FindVisibleAsync(db, query.DocumentId, query.CommentId, actor.Code, tracked: false, cancellationToken), cancellationToken);
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.CommentThreads;

public static class DeleteComment
{
    public sealed record Command(Guid DocumentId, Guid CommentId) : ICommand<Unit>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var comment = await CommentReaders.FindVisibleAsync(db, document.Id, command.CommentId, journal.ActorCode, tracked: true, cancellationToken);
            comment.EnsureDeletable(journal.ActorCode, await db.Comments.AnyAsync(c => c.ParentId == comment.Id, cancellationToken));
            db.Comments.Remove(comment);
            journal.Record(document, EventType.CommentDeleted, new { comment.Id, comment.ThreadId, comment.BlockId, comment.Author, comment.ThreadAuthor, comment.Visibility, comment.Text },
                comment.Id, comment.BlockId);
            return Unit.Value;
        }
    }
}

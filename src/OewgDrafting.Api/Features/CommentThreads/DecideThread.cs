using Mediator;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.CommentThreads;

/// <summary>The chair resolves a thread (the question is answered) or reopens it.</summary>
public static class DecideThread
{
    public sealed record Command(Guid DocumentId, Guid CommentId, bool Resolve) : ICommand<CommentResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, CommentResponse>
    {
        public async ValueTask<CommentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var comment = await CommentReaders.FindVisibleAsync(db, document.Id, command.CommentId, journal.ActorCode, tracked: true, cancellationToken);
            if (command.Resolve)
            {
                comment.Resolve(journal.Now);
            }
            else
            {
                comment.Reopen(journal.Now);
            }

            var response = await CommentReaders.RespondAsync(db, comment, cancellationToken);
            journal.Record(document, command.Resolve ? EventType.CommentThreadResolved : EventType.CommentThreadReopened, response, comment.Id, comment.BlockId);
            return response;
        }
    }
}

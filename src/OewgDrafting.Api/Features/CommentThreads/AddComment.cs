using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Comments;

namespace OewgDrafting.Api.Features.CommentThreads;

public static class AddComment
{
    public sealed record Command(Guid DocumentId, AddCommentRequest Body) : ICommand<CommentResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("text", message.Body.Text);
            if (message.Body.BlockId is null == message.Body.ParentId is null)
            {
                errors.Add("blockId", "Give blockId to start a thread on a block, or parentId to reply to a comment (one of them).");
            }

            if (message.Body.ParentId is not null && (message.Body.Quote is not null || message.Body.Visibility is not null || message.Body.Occurrence is not null))
            {
                errors.Add("parentId", "A reply takes its block, quote and visibility from its thread: send text and parentId only.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, CommentResponse>
    {
        public async ValueTask<CommentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var body = command.Body;
            var actor = journal.ActorCode;
            Comment? parent = null, thread = null;
            if (body.ParentId is { } parentId)
            {
                parent = await CommentReaders.FindVisibleAsync(db, command.DocumentId, parentId, actor, tracked: false, cancellationToken);
                thread = parent.IsThread ? parent : await db.Comments.AsNoTracking().SingleAsync(c => c.Id == parent.ThreadId, cancellationToken);
            }

            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var block = await db.FindBlockAsync(document.Id, parent?.BlockId ?? body.BlockId!.Value, cancellationToken);
            Comment comment;
            if (parent is not null)
            {
                comment = Comment.Reply(Guid.CreateVersion7(journal.Now), document.Version, parent, thread!, actor, body.Text, journal.Now);
            }
            else
            {
                if (body.BlockVersion is { } written)
                {
                    block.EnsureVersion(written);
                }

                comment = Comment.Start(Guid.CreateVersion7(journal.Now), document.Version, block, actor, body.Visibility ?? CommentVisibility.Participants, body.Text,
                    body.Quote, body.Occurrence, journal.Now);
            }

            db.Comments.Add(comment);
            var response = CommentResponse.From(comment, thread?.Status ?? comment.Status, CommentReaders.Locate(comment, block));
            journal.Record(document, EventType.CommentAdded, response, comment.Id, block.Id);
            return response;
        }
    }
}

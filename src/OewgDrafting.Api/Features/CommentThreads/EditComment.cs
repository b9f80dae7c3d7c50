using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.CommentThreads;

public static class EditComment
{
    public sealed record Command(Guid DocumentId, Guid CommentId, string? Text, int ExpectedVersion) : ICommand<CommentResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors) => errors.Required("text", message.Text);
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, CommentResponse>
    {
        public async ValueTask<CommentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var comment = await CommentReaders.FindVisibleAsync(db, document.Id, command.CommentId, journal.ActorCode, tracked: true, cancellationToken);
            var hasReplies = await db.Comments.AnyAsync(c => c.ParentId == comment.Id, cancellationToken);
            var before = comment.Text;
            comment.Edit(journal.ActorCode, command.Text, command.ExpectedVersion, hasReplies, journal.Now);
            var response = await CommentReaders.RespondAsync(db, comment, cancellationToken);
            journal.Record(document, EventType.CommentEdited, new { Before = before, After = response, response.Visibility, response.Author, response.ThreadAuthor }, comment.Id, comment.BlockId);
            return response;
        }
    }
}

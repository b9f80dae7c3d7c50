using Mediator;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>The chair resolves one bracket of a paragraph, against the paragraph version they read.</summary>
public static class ResolveBracket
{
    public sealed record Command(Guid DocumentId, Guid BlockId, int BracketIndex, BracketAction? Action, int? Alternative, int ExpectedVersion)
        : ICommand<BlockResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("action", message.Action);
            if (message.Alternative is not null && message.Action != BracketAction.Keep)
            {
                errors.Add("alternative", "An alternative is named only to keep it.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, BlockResponse>
    {
        public async ValueTask<BlockResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var block = await db.FindBlockAsync(document.Id, command.BlockId, cancellationToken);
            await presiding.EnsureAsync(document.Id, block.Id, "resolve its brackets");
            block.EnsureVersion(command.ExpectedVersion);
            block.EnsureOpenForNegotiation();
            var before = BlockSnapshot.Of(block);
            block.Revise(BracketResolution.Resolve(block.Text, command.BracketIndex, command.Action!.Value, command.Alternative));
            journal.Record(document, EventType.BracketResolved, new
            {
                command.BracketIndex,
                command.Action,
                command.Alternative,
                Before = before,
                After = BlockSnapshot.Of(block),
            }, block.Id);
            return BlockResponse.From(block);
        }
    }
}

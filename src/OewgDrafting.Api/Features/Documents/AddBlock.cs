using Mediator;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>The chair adds a heading or paragraph after a given block (or at the start, or at the end).</summary>
public static class AddBlock
{
    public sealed record Command(
        Guid DocumentId,
        BlockKind? Kind,
        string? Text,
        string? Label,
        int? Level,
        Guid? AfterBlockId,
        bool AtStart,
        bool Numbered) : ICommand<BlockResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("kind", message.Kind);
            if (message.Text is null)
            {
                errors.Add("text", "The text field is required.");
            }

            if (message.AtStart && message.AfterBlockId is not null)
            {
                errors.Add("afterBlockId", "Give either afterBlockId or atStart, not both.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, BlockResponse>
    {
        public async ValueTask<BlockResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = journal.Now;
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();

            var slot = await BlockPositions.FindSlotAsync(db, document.Id, command.AfterBlockId, command.AtStart, cancellationToken);
            var label = command.Kind == BlockKind.Paragraph
                ? BlockPositions.LabelFor(slot, command.Label, command.Numbered)
                : command.Label;
            var block = Block.Create(Guid.CreateVersion7(now), document.Id, command.Kind!.Value, command.Level, label,
                command.Text!, slot.Position, document.NewBlockStatus);
            db.Blocks.Add(block);
            journal.Record(document, EventType.BlockAdded, new { AfterBlockId = command.AfterBlockId, After = BlockSnapshot.Of(block) }, block.Id);
            return BlockResponse.From(block);
        }
    }
}

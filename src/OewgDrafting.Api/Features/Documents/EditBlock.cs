using Mediator;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>The chair changes a block's text (and optionally its label) against the version they read.</summary>
public static class EditBlock
{
    /// <param name="Label">Null leaves the label as it is; an empty string removes it.</param>
    public sealed record Command(Guid DocumentId, Guid BlockId, string? Text, string? Label, int ExpectedVersion)
        : ICommand<BlockResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if (message.Text is null)
            {
                errors.Add("text", "The text field is required.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, BlockResponse>
    {
        public async ValueTask<BlockResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var block = await db.FindBlockAsync(document.Id, command.BlockId, cancellationToken);

            var changeLabel = command.Label is not null;
            var label = changeLabel && command.Label!.Length > 0 ? command.Label.Trim() : null;
            if (changeLabel && label is not null && block.Kind == BlockKind.Paragraph && label != block.Label
                && (await BlockPositions.TakenLabelsAsync(db, document.Id, block.Id, cancellationToken)).Contains(label))
            {
                throw new DomainValidationException("label", $"Paragraph {label} already exists in this document.");
            }

            var before = BlockSnapshot.Of(block);
            block.Edit(command.Text!, label, changeLabel, command.ExpectedVersion);
            journal.Record(document, EventType.BlockEdited, new { Before = before, After = BlockSnapshot.Of(block) }, block.Id);
            return BlockResponse.From(block);
        }
    }
}

using Mediator;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>The chair's office starts a zero draft from JSON, optionally with its first blocks.</summary>
public static class CreateDocument
{
    public sealed record NewBlock([property: System.ComponentModel.DataAnnotations.Required] BlockKind? Kind, [property: System.ComponentModel.DataAnnotations.Required] string? Text, string? Label, int? Level);

    public sealed record Command(
        [property: System.ComponentModel.DataAnnotations.Required] string? Symbol,
        [property: System.ComponentModel.DataAnnotations.Required] string? Title,
        [property: System.ComponentModel.DataAnnotations.Required] string? Language,
        IReadOnlyList<FrontMatterLineDto>? FrontMatter,
        IReadOnlyList<NewBlock>? Blocks) : ICommand<DocumentResponse>;

    public sealed class Validator : IValidator<Command>
    {
        public const int MaxBlocks = 5_000;

        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("symbol", message.Symbol).Required("title", message.Title).Required("language", message.Language);
            if (message.FrontMatter?.Any(l => l is null) == true)
            {
                errors.Add("frontMatter", "Front-matter lines cannot be null.");
            }

            var blocks = message.Blocks ?? [];
            if (blocks.Count > MaxBlocks)
            {
                errors.Add("blocks", $"At most {MaxBlocks} blocks in one request.");
                return;
            }

            for (var i = 0; i < blocks.Count; i++)
            {
                if (blocks[i] is null)
                {
                    errors.Add($"blocks[{i}]", "A block cannot be null.");
                    continue;
                }

                errors.Required($"blocks[{i}].kind", blocks[i].Kind);
                if (string.IsNullOrWhiteSpace(blocks[i].Text) && string.IsNullOrWhiteSpace(blocks[i].Label))
                {
                    // A block may be its label alone (the heading "Anexo"), as GET /api/documents/{id} answers it.
                    errors.Add($"blocks[{i}].text", $"The blocks[{i}].text field is required unless the block has a label.");
                }
            }

            var labels = blocks.Where(b => b is { Kind: BlockKind.Paragraph, Label: not null }).Select(b => b.Label!.Trim()).ToList();
            foreach (var duplicate in labels.GroupBy(l => l).Where(g => g.Count() > 1))
            {
                errors.Add("blocks", $"Paragraph {duplicate.Key} appears more than once.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, DocumentResponse>
    {
        public ValueTask<DocumentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var now = journal.Now;
            var frontMatter = (command.FrontMatter ?? []).Select((l, i) => new FrontMatterLine(l.Key, l.Text, l.Group)).ToList();
            var document = Document.Create(Guid.CreateVersion7(now), command.Symbol!, command.Title!, command.Language!, frontMatter, now);
            var blocks = (command.Blocks ?? []).Select((b, i) => Block.Create(Guid.CreateVersion7(now), document.Id, b.Kind!.Value,
                b.Level, b.Label, b.Text ?? string.Empty, (i + 1) * BlockPositions.Gap, document.NewBlockStatus)).ToList();

            journal.Created(document);
            db.Blocks.AddRange(blocks);
            journal.Record(document, EventType.DocumentCreated, new
            {
                document.Symbol,
                document.Title,
                document.Language,
                Blocks = blocks.Select(BlockSnapshot.Of).ToList(),
            }, document.Id);
            return ValueTask.FromResult(DocumentResponse.From(document, blocks));
        }
    }
}

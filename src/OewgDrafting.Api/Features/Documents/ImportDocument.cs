using Mediator;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Import;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>
/// Imports a document already read from its source (a text laid out like the seed, a Word document, an Akoma Ntoso
/// file): front matter, title, headings and numbered paragraphs. A reference text (an earlier resolution or report) is
/// imported adopted and read-only, with the day and body that adopted it.
/// </summary>
public static class ImportDocument
{
    public sealed record Command(ImportedDocument Imported, string? Symbol, string? Language) : ICommand<DocumentResponse>
    {
        public DocumentKind Kind { get; init; } = DocumentKind.Negotiation;
        public DateOnly? AdoptedOn { get; init; }
        public string? AdoptedBy { get; init; }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, DocumentResponse>
    {
        public ValueTask<DocumentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var imported = command.Imported;
            var symbol = command.Symbol ?? imported.Symbol;
            var language = command.Language ?? imported.Language;
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(symbol))
            {
                errors["symbol"] = ["The text names no document symbol: give one with ?symbol=, such as A/AC.292/2025/L.1."];
            }

            if (string.IsNullOrWhiteSpace(language))
            {
                errors["language"] = ["The text names no language the importer knows: give one with ?language=, such as es."];
            }

            if (imported.Title.Length == 0)
            {
                errors["body"] = ["No title was found: the title is the last front-matter line before the first heading."];
            }

            if (imported.Blocks.Count == 0)
            {
                errors["body"] = ["No headings or paragraphs were found."];
            }

            if (errors.Count > 0)
            {
                throw new DomainValidationException(errors);
            }

            var now = journal.Now;
            var document = command.Kind == DocumentKind.Reference
                ? Document.Reference(Guid.CreateVersion7(now), symbol!, imported.Title, language!, imported.FrontMatter, command.AdoptedOn, command.AdoptedBy, now)
                : Document.Create(Guid.CreateVersion7(now), symbol!, imported.Title, language!, imported.FrontMatter, now);
            var blocks = imported.Blocks.Select((b, i) => Block.Import(Guid.CreateVersion7(now), document.Id, b.Kind, b.Level,
                b.Label, b.Text, (i + 1) * BlockPositions.Gap, document.NewBlockStatus)).ToList();

            journal.Created(document);
            db.Blocks.AddRange(blocks);
            journal.Record(document, EventType.DocumentImported, new
            {
                document.Symbol,
                document.Title,
                document.Language,
                Kind = document.Kind.ToString().ToLowerInvariant(),
                document.AdoptedOn,
                document.AdoptingBody,
                Blocks = blocks.Count,
                Warnings = imported.Warnings.Count,
            }, document.Id);

            return ValueTask.FromResult(DocumentResponse.From(document, blocks) with
            {
                Warnings = imported.Warnings.Select(ImportWarningDto.From).ToList(),
            });
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Import;
using OewgDrafting.Domain.Languages;

namespace OewgDrafting.Api.Features.Translations;

/// <summary>
/// A language version from a text laid out like the original (or a Word document): aligned block by block to the
/// original by structure and labels, or refused with the first blocks that do not align, nothing written.
/// </summary>
public static class ImportLanguageVersion
{
    public sealed record Command(Guid DocumentId, string Language, ImportedDocument Imported) : ICommand<LanguageVersionResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, LanguageVersionResponse>
    {
        public async ValueTask<LanguageVersionResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            // LanguageVersion.Create refuses a tag that is not BCP 47, with the same words.
            var language = LanguageVersion.Normalise(command.Language);
            var (_, blocks) = await GetDocumentText.LoadAsync(db, command.DocumentId, cancellationToken);
            var imported = command.Imported;
            if (imported.Blocks.Count == 0)
            {
                throw new DomainValidationException("body", "No headings or paragraphs were found.");
            }

            var problems = LanguageAlignment.Check(
                blocks.Select(b => new AlignedShape(b.Kind, b.Level, b.Label)).ToList(),
                imported.Blocks.Select(b => new AlignedShape(b.Kind, b.Level, b.Label)).ToList());
            if (problems.Count > 0)
            {
                throw new DomainValidationException(new Dictionary<string, string[]>
                {
                    ["blocks"] = [.. problems.Select(p => $"Block {p.Position}: {p.Reason}.")],
                });
            }

            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            if (await db.LanguageVersions.AnyAsync(v => v.DocumentId == document.Id && v.Language == language, cancellationToken))
            {
                throw new ConflictException($"Document {document.Symbol} already has a {language} version: update its blocks one by one.",
                    ["languageVersionExists"]);
            }

            var version = LanguageVersion.Create(document, language, imported.Title.Length > 0 ? imported.Title : document.Title,
                imported.FrontMatter, journal.ActorCode, journal.Now);
            var translations = blocks.Select((b, i) => TranslatedBlock.Create(document.Id, language, b, imported.Blocks[i].Label,
                imported.Blocks[i].Text, journal.ActorCode, journal.Now, strict: false)).ToList();
            db.LanguageVersions.Add(version);
            db.TranslatedBlocks.AddRange(translations);
            journal.Record(document, EventType.LanguageVersionCreated, new
            {
                version.Language,
                version.Title,
                Blocks = translations.Count,
                Paragraphs = blocks.Count(b => b.Kind == BlockKind.Paragraph),
            }, document.Id);

            var view = new LanguageView(document, version, blocks, translations.ToDictionary(t => t.BlockId));
            return GetLanguageVersion.Respond(view, new Dictionary<(Guid, int), string>(), null,
                imported.Warnings.Select(ImportWarningDto.From).ToList());
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Languages;

namespace OewgDrafting.Api.Features.Translations;

/// <summary>A translator (the secretariat) or the chair updates one block of a language version, naming the original version it translates.</summary>
public static class EditTranslation
{
    public sealed record Command(Guid DocumentId, string Language, Guid BlockId, string? Text, string? Label, int? TranslatesVersion, int ExpectedVersion)
        : ICommand<TranslatedBlockResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors) =>
            errors.Required("text", message.Text).Required("translatesVersion", message.TranslatesVersion);
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, TranslatedBlockResponse>
    {
        public async ValueTask<TranslatedBlockResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var language = LanguageVersion.Normalise(command.Language);
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            if (!await db.LanguageVersions.AnyAsync(v => v.DocumentId == document.Id && v.Language == language, cancellationToken))
            {
                throw new NotFoundException($"The {language} version of document", document.Id);
            }

            var block = await db.FindBlockAsync(document.Id, command.BlockId, cancellationToken);
            var translation = await db.TranslatedBlocks.SingleOrDefaultAsync(
                t => t.DocumentId == document.Id && t.Language == language && t.BlockId == block.Id, cancellationToken);
            object? before = null;
            if (translation is null)
            {
                // A block not translated yet is at version 0: naming it keeps two translators from both creating it.
                if (command.ExpectedVersion != 0)
                {
                    throw new StaleVersionException($"The {language} translation of block {block.Label ?? block.Id.ToString()}", command.ExpectedVersion, 0);
                }

                TranslatedBlock.EnsureTranslatesCurrent(block, command.TranslatesVersion!.Value);
                translation = TranslatedBlock.Create(document.Id, language, block, command.Label, command.Text!, journal.ActorCode, journal.Now, strict: true);
                db.TranslatedBlocks.Add(translation);
            }
            else
            {
                before = new { translation.Label, translation.Text, translation.TranslatesVersion, translation.Version };
                translation.Update(block, command.Label, command.Text!, command.TranslatesVersion!.Value, command.ExpectedVersion, journal.ActorCode, journal.Now);
            }

            journal.Record(document, EventType.TranslationUpdated, new
            {
                Language = language,
                BlockId = block.Id,
                Before = before,
                After = new { translation.Label, translation.Text, translation.TranslatesVersion, translation.Version },
            }, block.Id);
            return new TranslatedBlockResponse(block.Id, block.Kind, block.Level, LanguageView.LabelOf(block, translation), TranslationState.Current, translation.Text,
                translation.Version, translation.TranslatesVersion, block.Version, block.Text, translation.OpenBrackets, null);
        }
    }
}

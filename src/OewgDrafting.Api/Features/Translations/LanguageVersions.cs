using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Revisions;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Import;
using OewgDrafting.Domain.Languages;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Api.Features.Translations;

/// <summary>How a language version stands: its blocks current, outdated and missing against the original.</summary>
public sealed record LanguageVersionSummary(string Language, string Title, DateTimeOffset CreatedAt, string CreatedBy, int Current, int Outdated, int Missing);

/// <summary>What the original said when the translation was made, what it says now, and the changes word by word.</summary>
public sealed record OriginalChange(int FromVersion, int ToVersion, string OldText, string NewText, IReadOnlyList<WordChange> Changes);

public sealed record TranslatedBlockResponse(
    Guid BlockId,
    BlockKind Kind,
    int? Level,
    string? Label,
    TranslationState State,
    string? Text,
    int? Version,
    int? TranslatesVersion,
    int OriginalVersion,
    string OriginalText,
    int OpenBrackets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OriginalChange? Outdated);

public sealed record LanguageVersionResponse(
    Guid DocumentId,
    string OriginalLanguage,
    string Language,
    string Title,
    IReadOnlyList<FrontMatterLine> FrontMatter,
    int Current,
    int Outdated,
    int Missing,
    IReadOnlyList<TranslatedBlockResponse> Blocks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ImportWarningDto>? Warnings = null);

/// <summary>A translator's update of one block: the text, and the original's version it translates.</summary>
public sealed record EditTranslationRequest(
    [property: Required] string? Text,
    [property: Required] int? TranslatesVersion,
    string? Label,
    int? ExpectedVersion);

/// <summary>The blocks of a language version against the original, read together.</summary>
internal sealed record LanguageView(Document Document, LanguageVersion Version, List<Block> Blocks, Dictionary<Guid, TranslatedBlock> Translations)
{
    public TranslationState StateOf(Block block) =>
        Translations.TryGetValue(block.Id, out var t) ? t.StateAgainst(block) : TranslationState.Missing;

    public (int Current, int Outdated, int Missing) Counts()
    {
        int current = 0, outdated = 0, missing = 0;
        foreach (var block in Blocks)
        {
            switch (StateOf(block))
            {
                case TranslationState.Current: current++; break;
                case TranslationState.Outdated: outdated++; break;
                default: missing++; break;
            }
        }

        return (current, outdated, missing);
    }

    /// <summary>The version as a text to render: outdated blocks marked, missing ones in the original's words and language.</summary>
    public TextDocument ToText() => new(Document.Symbol, Version.Title, Version.Language, Version.FrontMatter,
        Blocks.Select(b => Translations.TryGetValue(b.Id, out var t)
            ? new TextBlock(b.Id, b.Kind, b.Level, LabelOf(b, t), t.Text)
            {
                Translation = t.StateAgainst(b) == TranslationState.Outdated ? new TranslationMark(TranslationState.Outdated, null) : null,
            }
            : new TextBlock(b.Id, b.Kind, b.Level, b.Label, b.Text) { Translation = new TranslationMark(TranslationState.Missing, Document.Language) })
            .ToList());

    /// <summary>A paragraph's number is the original's (renumbering reaches every language at once); a heading has its own words.</summary>
    public static string? LabelOf(Block original, TranslatedBlock translation) =>
        original.Kind == BlockKind.Paragraph ? original.Label : translation.Label;

    public static async Task<LanguageView> LoadAsync(DraftingDbContext db, Guid documentId, string language, CancellationToken cancellationToken)
    {
        var (document, blocks) = await GetDocumentText.LoadAsync(db, documentId, cancellationToken);
        language = LanguageVersion.Normalise(language);
        var version = await db.LanguageVersions.AsNoTracking()
                          .SingleOrDefaultAsync(v => v.DocumentId == documentId && v.Language == language, cancellationToken)
                      ?? throw new NotFoundException($"The {language} version of document", documentId);
        var translations = await db.TranslatedBlocks.AsNoTracking()
            .Where(t => t.DocumentId == documentId && t.Language == language).ToDictionaryAsync(t => t.BlockId, cancellationToken);
        return new LanguageView(document, version, blocks, translations);
    }
}

public static class ListLanguageVersions
{
    public sealed record Query(Guid DocumentId) : IQuery<IReadOnlyList<LanguageVersionSummary>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<LanguageVersionSummary>>
    {
        public async ValueTask<IReadOnlyList<LanguageVersionSummary>> Handle(Query query, CancellationToken cancellationToken) =>
            await SummariesAsync(db, query.DocumentId, cancellationToken);
    }

    /// <summary>Every language version of a document with its counts (shared with the consensus picture and adoption).</summary>
    public static async Task<IReadOnlyList<LanguageVersionSummary>> SummariesAsync(DraftingDbContext db, Guid documentId, CancellationToken cancellationToken)
    {
        if (!await db.Documents.AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            throw new NotFoundException("Document", documentId);
        }

        var versions = await db.LanguageVersions.AsNoTracking().Where(v => v.DocumentId == documentId).ToListAsync(cancellationToken);
        if (versions.Count == 0)
        {
            return [];
        }

        var originals = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == documentId)
            .Select(b => new { b.Id, b.Version }).ToDictionaryAsync(b => b.Id, b => b.Version, cancellationToken);
        var translated = await db.TranslatedBlocks.AsNoTracking().Where(t => t.DocumentId == documentId)
            .Select(t => new { t.Language, t.BlockId, t.TranslatesVersion }).ToListAsync(cancellationToken);
        return versions.OrderBy(v => v.Language, StringComparer.Ordinal).Select(v =>
        {
            var mine = translated.Where(t => t.Language == v.Language && originals.ContainsKey(t.BlockId)).ToList();
            var current = mine.Count(t => t.TranslatesVersion >= originals[t.BlockId]);
            return new LanguageVersionSummary(v.Language, v.Title, v.CreatedAt, v.CreatedBy, current, mine.Count - current, originals.Count - mine.Count);
        }).ToList();
    }
}

public static class GetLanguageVersion
{
    public sealed record Query(Guid DocumentId, string Language, TranslationState? State = null) : IQuery<LanguageVersionResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, LanguageVersionResponse>
    {
        public async ValueTask<LanguageVersionResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var view = await LanguageView.LoadAsync(db, query.DocumentId, query.Language, cancellationToken);
            // The original's text at the version each outdated translation translates, for the translator's diff.
            var outdated = view.Blocks.Where(b => view.StateOf(b) == TranslationState.Outdated).ToList();
            var wanted = outdated.Select(b => b.Id).ToList();
            var old = wanted.Count == 0
                ? []
                : (await db.BlockRevisions.AsNoTracking().Where(r => wanted.Contains(r.BlockId)).ToListAsync(cancellationToken))
                    .ToDictionary(r => (r.BlockId, r.Version), r => r.Text);
            return Respond(view, old, query.State);
        }
    }

    internal static LanguageVersionResponse Respond(LanguageView view, IReadOnlyDictionary<(Guid, int), string> oldTexts, TranslationState? only = null,
        IReadOnlyList<ImportWarningDto>? warnings = null)
    {
        var (current, outdated, missing) = view.Counts();
        var blocks = new List<TranslatedBlockResponse>();
        foreach (var block in view.Blocks)
        {
            var state = view.StateOf(block);
            if (only is { } wanted && state != wanted)
            {
                continue;
            }

            if (!view.Translations.TryGetValue(block.Id, out var t))
            {
                blocks.Add(new TranslatedBlockResponse(block.Id, block.Kind, block.Level, block.Label, state, null, null, null, block.Version,
                    block.Text, 0, null));
                continue;
            }

            OriginalChange? change = null;
            if (state == TranslationState.Outdated)
            {
                var oldText = oldTexts.TryGetValue((block.Id, t.TranslatesVersion), out var o) ? o : string.Empty;
                change = new OriginalChange(t.TranslatesVersion, block.Version, oldText, block.Text,
                    DocumentDiff.Words(oldText, block.Text, view.Document.Language));
            }

            blocks.Add(new TranslatedBlockResponse(block.Id, block.Kind, block.Level, LanguageView.LabelOf(block, t), state, t.Text, t.Version, t.TranslatesVersion,
                block.Version, block.Text, t.OpenBrackets, change));
        }

        return new LanguageVersionResponse(view.Document.Id, view.Document.Language, view.Version.Language, view.Version.Title,
            view.Version.FrontMatter, current, outdated, missing, blocks, warnings);
    }
}

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
            journal.Record(document, "languageVersionCreated", new
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

            journal.Record(document, "translationUpdated", new
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

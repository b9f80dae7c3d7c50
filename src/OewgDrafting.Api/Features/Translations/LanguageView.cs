using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Languages;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Api.Features.Translations;

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

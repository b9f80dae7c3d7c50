using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Revisions;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Languages;

namespace OewgDrafting.Api.Features.Translations;

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

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Translations;

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

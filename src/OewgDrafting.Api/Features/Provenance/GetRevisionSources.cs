using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Revisions;
using OewgDrafting.Domain.Search;

namespace OewgDrafting.Api.Features.Provenance;

/// <summary>
/// The table a secretariat makes by hand for a new revision: for each paragraph, its label now and its labels in the
/// previous revision, the amendments it took in since then (number, proposer, co-sponsors), and the kind of change
/// (unchanged, relabelled, edited, merged, split, new); paragraphs of the previous revision that are gone come last,
/// as deleted. Headings are left out: they are not negotiated.
/// </summary>
public static class GetRevisionSources
{
    public sealed record Query(Guid DocumentId, int Number) : IQuery<RevisionSourcesResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, RevisionSourcesResponse>
    {
        public async ValueTask<RevisionSourcesResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var revisions = await db.Revisions.AsNoTracking().Where(r => r.DocumentId == query.DocumentId && r.Number <= query.Number)
                .OrderByDescending(r => r.Number).Take(2).ToListAsync(cancellationToken);
            var revision = revisions.FirstOrDefault(r => r.Number == query.Number)
                ?? throw new NotFoundException("Revision", query.Number);
            var previous = revisions.FirstOrDefault(r => r.Number < query.Number);

            // The amendments decided into the text between the two revisions, per paragraph they changed or created.
            var from = previous?.DocumentVersion ?? 0;
            var decided = (await db.DocumentEvents.AsNoTracking()
                    .Where(e => e.DocumentId == query.DocumentId && e.Sequence > from && e.Sequence <= revision.DocumentVersion
                        && (e.Type == "amendmentAccepted" || e.Type == "amendmentBracketed"))
                    .OrderBy(e => e.Sequence).ToListAsync(cancellationToken))
                .Select(e => (Amendment: Guid.Parse(e.Touches[0]), Block: ParagraphChanges.After(e)?.Id ?? (e.Touches.Count > 1 ? Guid.Parse(e.Touches[1]) : (Guid?)null)))
                .ToList();
            var amendments = await Incorporated.LoadAsync(db, decided.Select(d => d.Amendment).ToList(), cancellationToken);
            var byBlock = decided.Where(d => d.Block is not null && amendments.ContainsKey(d.Amendment))
                .GroupBy(d => d.Block!.Value)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<IncorporatedAmendment>)g.Select(d => amendments[d.Amendment]).ToList());

            var before = previous?.Blocks.Where(b => b.Kind == BlockKind.Paragraph).ToDictionary(b => b.Id) ?? [];
            var now = revision.Blocks.Where(b => b.Kind == BlockKind.Paragraph).ToList();
            var rows = new List<SourceRow>();
            foreach (var block in now)
            {
                var taken = byBlock.GetValueOrDefault(block.Id, []);
                if (before.TryGetValue(block.Id, out var old))
                {
                    var change = taken.Any(a => a.Merged.Count > 0) ? SourceChange.Merged
                        : old.Text != block.Text ? SourceChange.Edited
                        : old.Label != block.Label ? SourceChange.Relabelled
                        : SourceChange.Unchanged;
                    rows.Add(new SourceRow(block.Id, block.Label, old.Label is null ? [] : [old.Label], change, taken));
                }
                else if (previous is not null && SplitFrom(block, before.Values, now) is { } origin)
                {
                    rows.Add(new SourceRow(block.Id, block.Label, origin.Label is null ? [] : [origin.Label], SourceChange.Split, taken));
                }
                else
                {
                    rows.Add(new SourceRow(block.Id, block.Label, [], SourceChange.New, taken));
                }
            }

            var kept = now.Select(b => b.Id).ToHashSet();
            rows.AddRange(before.Values.Where(b => !kept.Contains(b.Id))
                .Select(b => new SourceRow(b.Id, null, b.Label is null ? [] : [b.Label], SourceChange.Deleted, byBlock.GetValueOrDefault(b.Id, []))));
            return new RevisionSourcesResponse(query.DocumentId, revision.Symbol, revision.Number, revision.Name, previous?.Number, previous?.Name, rows);
        }
    }

    /// <summary>The paragraph of the previous revision that a new paragraph's words were taken from, if any: a run of words they share that the old paragraph has lost.</summary>
    private static RevisionBlock? SplitFrom(RevisionBlock block, IEnumerable<RevisionBlock> before, List<RevisionBlock> now)
    {
        var current = now.ToDictionary(b => b.Id);
        var best = before
            .Select(old => (Old: old, Passage: Precedents.Find(block.Text, [new PrecedentSource(Guid.Empty, old.Id, string.Empty, old.Label, null, old.Text)])
                .Passages.OrderByDescending(p => p.Length).FirstOrDefault()))
            .Where(x => x.Passage is not null && x.Passage.Length >= Precedents.MinWords
                && !(current.TryGetValue(x.Old.Id, out var still) && SearchText.Indexed(still.Text).Contains(SearchText.Indexed(x.Passage.Text), StringComparison.Ordinal)))
            .OrderByDescending(x => x.Passage!.Length)
            .FirstOrDefault();
        return best.Old;
    }
}

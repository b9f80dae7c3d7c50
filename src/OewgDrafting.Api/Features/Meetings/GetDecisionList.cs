using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>
/// The decision list (<see cref="DecisionList"/>) of a document, of one section (the heading's id), or of a meeting's
/// range of paragraphs (from one label to another, in text order).
/// </summary>
public static class GetDecisionList
{
    public sealed record Query(Guid DocumentId, Guid? SectionId, string? From, string? To) : IQuery<DecisionListResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, DecisionListResponse>
    {
        public async ValueTask<DecisionListResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DocumentId, cancellationToken)
                ?? throw new NotFoundException("Document", query.DocumentId);
            var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == document.Id).OrderBy(b => b.Position).ToListAsync(cancellationToken);
            var chosen = Choose(blocks, query);
            var pending = await db.Amendments.AsNoTracking().Where(a => a.DocumentId == document.Id && a.Status == AmendmentStatus.Proposed)
                .ToListAsync(cancellationToken);
            var handlings = await db.ProposedHandlings.AsNoTracking().Where(h => h.DocumentId == document.Id)
                .ToDictionaryAsync(h => h.AmendmentId, cancellationToken);
            var items = DecisionList.Build(chosen.Select(b => new DecisionParagraph(b.Id, b.Label, b.Text, b.Version)), pending,
                handlings.Values.Where(h => h.Order is not null).ToDictionary(h => h.AmendmentId, h => h.Order!.Value));
            return new DecisionListResponse(document.Id, document.Symbol, document.Title, items.Select(item =>
            {
                var handling = item.Amendments.Select(a => handlings.GetValueOrDefault(a.Id)).FirstOrDefault(h => h is not null);
                return new DecisionListItem(item.Number, item.Paragraph.Id, item.Paragraph.Label, Describe(item.Lead),
                    item.Amendments.Select(a => new DecisionListAmendment(a.Id, a.Number, a.Kind, a.Proposer, a.Cosponsors, a.Late, a.Oral,
                        handlings.TryGetValue(a.Id, out var h) ? HandlingResponse.From(h) : null)).ToList(),
                    item.SubAmendmentOf, item.CollidesWith, item.CollidesWith.Count == 0 ? null : item.ChairOrder ? "chair" : "furthestFromText",
                    handling is null ? null : HandlingResponse.From(handling));
            }).ToList());
        }

        private static IEnumerable<Block> Choose(List<Block> blocks, Query query)
        {
            if (query.SectionId is { } sectionId)
            {
                var headings = blocks.Where(b => b.Kind == BlockKind.Heading)
                    .Select(b => new SectionHeading(b.Id, b.Position, b.Level ?? 1, b.Label, b.Text)).ToList();
                if (headings.All(h => h.Id != sectionId))
                {
                    throw new DomainValidationException("section", $"Block '{sectionId}' is not a heading of this document: a section is named by the heading that opens it.");
                }

                return blocks.Where(b => b.Id == sectionId || TablingRule.Enclosing(headings, b.Position).Any(h => h.Id == sectionId));
            }

            var from = query.From is null ? 0 : IndexOf(blocks, query.From, "from");
            var to = query.To is null ? blocks.Count - 1 : IndexOf(blocks, query.To, "to");
            if (to < from)
            {
                throw new DomainValidationException("to", $"Paragraph {query.To} comes before paragraph {query.From}.");
            }

            return blocks.Skip(from).Take(to - from + 1);
        }

        private static int IndexOf(List<Block> blocks, string label, string field)
        {
            var index = blocks.FindIndex(b => b.Kind == BlockKind.Paragraph && string.Equals(b.Label, label.Trim(), StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new DomainValidationException(field, $"No paragraph of this document is labelled '{label}'.");
        }
    }

    /// <summary>What an amendment asks, in a line: "replace “X” with “Y”", "insert “Y” after “X”", "delete “X”", "replace the paragraph with “Y”"…</summary>
    public static string Describe(Amendment a) => a.Kind switch
    {
        AmendmentKind.Insert => $"insert “{a.Text}” {(a.Placement == Placement.Before ? "before" : "after")} “{a.Quote}”",
        AmendmentKind.Delete => $"delete “{a.Quote}”",
        AmendmentKind.Replace => $"replace “{a.Quote}” with “{a.Text}”",
        AmendmentKind.ReplaceParagraph => $"replace the paragraph with “{a.Text}”",
        AmendmentKind.DeleteParagraph => "delete the paragraph",
        _ => $"add a paragraph: “{a.Text}”",
    };
}

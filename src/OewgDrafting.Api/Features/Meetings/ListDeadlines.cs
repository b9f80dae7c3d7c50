using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>A document's tabling deadlines: the document's first, then each section's in text order.</summary>
public static class ListDeadlines
{
    public sealed record Query(Guid DocumentId) : IQuery<IReadOnlyList<DeadlineResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<DeadlineResponse>>
    {
        public async ValueTask<IReadOnlyList<DeadlineResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var headings = (await TablingDeadlines.HeadingsAsync(db, query.DocumentId, cancellationToken)).ToDictionary(h => h.Id);
            var deadlines = await TablingDeadlines.OfAsync(db, query.DocumentId, cancellationToken);
            return deadlines
                .OrderBy(d => d.SectionId is null ? long.MinValue : headings.TryGetValue(d.SectionId.Value, out var h) ? h.Position : long.MaxValue)
                .Select(d => DeadlineResponse.From(d, d.SectionId is { } id ? headings.GetValueOrDefault(id) : null))
                .ToList();
        }
    }
}

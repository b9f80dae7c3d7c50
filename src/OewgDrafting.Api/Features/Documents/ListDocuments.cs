using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Documents;

public static class ListDocuments
{
    public sealed record Query : IQuery<IReadOnlyList<DocumentSummary>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<DocumentSummary>>
    {
        public async ValueTask<IReadOnlyList<DocumentSummary>> Handle(Query query, CancellationToken cancellationToken)
        {
            var documents = await db.Documents.AsNoTracking()
                .Select(d => new DocumentSummary(d.Id, d.Symbol, d.Title, d.Language, d.Status, d.Version, d.CreatedAt, d.UpdatedAt, d.Kind, d.AdoptedOn, d.AdoptingBody))
                .ToListAsync(cancellationToken);

            // Ordered here: SQLite cannot order by a DateTimeOffset column.
            return documents.OrderBy(d => d.CreatedAt).ThenBy(d => d.Symbol, StringComparer.Ordinal).ToList();
        }
    }
}

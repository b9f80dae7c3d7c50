using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Revisions;

public static class ListRevisions
{
    public sealed record Query(Guid DocumentId) : IQuery<IReadOnlyList<RevisionSummary>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<RevisionSummary>>
    {
        public async ValueTask<IReadOnlyList<RevisionSummary>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            return (await db.Revisions.AsNoTracking().Where(r => r.DocumentId == query.DocumentId).OrderBy(r => r.Number).ToListAsync(cancellationToken))
                .Select(RevisionSummary.From).ToList();
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Documents;

public static class GetDocument
{
    public sealed record Query(Guid DocumentId) : IQuery<DocumentResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, DocumentResponse>
    {
        public async ValueTask<DocumentResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DocumentId, cancellationToken)
                ?? throw new NotFoundException("Document", query.DocumentId);
            var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == query.DocumentId)
                .OrderBy(b => b.Position).ToListAsync(cancellationToken);
            return DocumentResponse.From(document, blocks);
        }
    }
}

using Mediator;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>Only the document's version: enough to answer a conditional GET without rendering anything.</summary>
public static class GetDocumentVersion
{
    public sealed record Query(Guid DocumentId) : IQuery<long>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, long>
    {
        public async ValueTask<long> Handle(Query query, CancellationToken cancellationToken) =>
            await db.DocumentVersionAsync(query.DocumentId, cancellationToken);
    }
}

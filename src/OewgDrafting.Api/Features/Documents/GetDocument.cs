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

public static class GetBlock
{
    public sealed record Query(Guid DocumentId, Guid BlockId) : IQuery<BlockResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, BlockResponse>
    {
        public async ValueTask<BlockResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var block = await db.Blocks.AsNoTracking()
                .SingleOrDefaultAsync(b => b.Id == query.BlockId && b.DocumentId == query.DocumentId, cancellationToken)
                ?? throw new NotFoundException("Block", query.BlockId);
            return BlockResponse.From(block);
        }
    }
}

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

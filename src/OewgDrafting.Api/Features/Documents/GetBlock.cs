using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Documents;

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

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Positions;

public static class ListPositions
{
    public sealed record Query(Guid DocumentId, PositionTargetRef Where) : IQuery<IReadOnlyList<PositionResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<PositionResponse>>
    {
        public async ValueTask<IReadOnlyList<PositionResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var where = query.Where;
            var positions = await db.Positions.AsNoTracking()
                .Where(p => p.DocumentId == query.DocumentId && p.Target == where.Target && p.TargetId == where.TargetId)
                .ToListAsync(cancellationToken);
            if (where.Target == PositionTarget.Bracket)
            {
                // A bracket position counts for the paragraph version it was taken on.
                var version = await db.Blocks.AsNoTracking().Where(b => b.Id == where.TargetId).Select(b => (int?)b.Version).SingleOrDefaultAsync(cancellationToken);
                positions = positions.Where(p => p.BracketIndex == where.BracketIndex && p.BlockVersion == version).ToList();
            }

            return positions.OrderBy(p => p.Delegation, StringComparer.Ordinal).Select(PositionResponse.From).ToList();
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Delegations;

public static class ListDelegations
{
    public sealed record Query : IQuery<IReadOnlyList<DelegationResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<DelegationResponse>>
    {
        public async ValueTask<IReadOnlyList<DelegationResponse>> Handle(Query query, CancellationToken cancellationToken) =>
            (await db.Delegations.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken)).Select(DelegationResponse.From).ToList();
    }
}

using Mediator;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Delegations;

public static class GetDelegation
{
    public sealed record Query(string Code) : IQuery<DelegationResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, DelegationResponse>
    {
        public async ValueTask<DelegationResponse> Handle(Query query, CancellationToken cancellationToken) =>
            DelegationResponse.From(await db.FindDelegationAsync(query.Code, tracked: false, cancellationToken));
    }
}

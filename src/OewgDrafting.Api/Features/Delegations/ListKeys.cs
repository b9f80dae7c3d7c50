using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Delegations;

public static class ListKeys
{
    public sealed record Query(string Code) : IQuery<IReadOnlyList<KeyResponse>>;

    public sealed class Handler(DraftingDbContext db, ApiKeyCache cache) : IQueryHandler<Query, IReadOnlyList<KeyResponse>>
    {
        public async ValueTask<IReadOnlyList<KeyResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var delegation = await db.FindDelegationAsync(query.Code, tracked: false, cancellationToken);
            var keys = await db.ApiKeys.AsNoTracking().Where(k => k.DelegationCode == delegation.Code).ToListAsync(cancellationToken);
            // Uses are written in batches: this instance also knows the ones not written yet.
            return keys.OrderBy(k => k.Id).Select(k => KeyResponse.From(k) with { LastUsedAt = Later(k.LastUsedAt, cache.UnwrittenUse(k.Id)) }).ToList();
        }
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

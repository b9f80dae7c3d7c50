using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Delegations;

public static class ListRegistryEvents
{
    public sealed record Query(long After, int Limit) : IQuery<IReadOnlyList<RegistryEventResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<RegistryEventResponse>>
    {
        public async ValueTask<IReadOnlyList<RegistryEventResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var events = await db.RegistryEvents.AsNoTracking().Where(e => e.Id > query.After).OrderBy(e => e.Id)
                .Take(query.Limit).ToListAsync(cancellationToken);
            return events.Select(e => new RegistryEventResponse(e.Id, e.OccurredAt, e.Actor, e.Type, e.Subject,
                System.Text.Json.JsonDocument.Parse(e.Data).RootElement.Clone())).ToList();
        }
    }
}

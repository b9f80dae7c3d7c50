using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Consensus;

public static class GetAdoption
{
    public sealed record Query(Guid DocumentId) : IQuery<AdoptionResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, AdoptionResponse>
    {
        public async ValueTask<AdoptionResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var adoption = await db.Adoptions.AsNoTracking().SingleOrDefaultAsync(a => a.DocumentId == query.DocumentId, cancellationToken)
                ?? throw new NotFoundException("Adoption record of document", query.DocumentId);
            return AdoptionResponse.From(adoption);
        }
    }
}

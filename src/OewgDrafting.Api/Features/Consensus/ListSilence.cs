using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Consensus;

public static class ListSilence
{
    public sealed record Query(Guid DocumentId) : IQuery<IReadOnlyList<SilenceResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<SilenceResponse>>
    {
        public async ValueTask<IReadOnlyList<SilenceResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var procedures = await db.SilenceProcedures.AsNoTracking().Where(s => s.DocumentId == query.DocumentId).ToListAsync(cancellationToken);
            return procedures.OrderBy(s => s.Id).Select(SilenceResponse.From).ToList();
        }
    }
}

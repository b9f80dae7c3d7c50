using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>One amendment with its history, its collisions and a preview of the paragraph if it were accepted now.</summary>
public static class GetAmendment
{
    public sealed record Query(Guid DocumentId, Guid AmendmentId) : IQuery<AmendmentResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var amendment = await db.Amendments.AsNoTracking()
                .SingleOrDefaultAsync(a => a.Id == query.AmendmentId && a.DocumentId == query.DocumentId, cancellationToken)
                ?? throw new NotFoundException("Amendment", query.AmendmentId);
            if (amendment.ParentId is not null)
            {
                return await SubAmendmentViews.DescribeAsync(db, amendment, withHistory: true, cancellationToken);
            }

            if (!amendment.IsPending)
            {
                return AmendmentResponse.From(amendment, withHistory: true);
            }

            var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == amendment.BlockId, cancellationToken);
            var collisions = await AmendmentViews.CollisionsAsync(db, query.DocumentId, [amendment.BlockId], cancellationToken);
            return AmendmentResponse.From(amendment, collisions.TryGetValue(amendment.Id, out var hits) ? hits : [],
                AmendmentViews.Preview(amendment, amendment.Kind == AmendmentKind.AddParagraph ? null : block), withHistory: true);
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>What is on the table now in a document.</summary>
public static class GetTablePointer
{
    public sealed record Query(Guid DocumentId) : IQuery<TablePointerResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, TablePointerResponse>
    {
        public async ValueTask<TablePointerResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var pointer = await db.TablePointers.AsNoTracking().SingleOrDefaultAsync(t => t.DocumentId == query.DocumentId, cancellationToken);
            if (pointer is null)
            {
                return new TablePointerResponse(query.DocumentId, null, null, null, null, null, null);
            }

            var label = await db.Blocks.AsNoTracking().Where(b => b.Id == pointer.BlockId).Select(b => b.Label).SingleOrDefaultAsync(cancellationToken);
            var number = pointer.AmendmentId is { } id
                ? await db.Amendments.AsNoTracking().Where(a => a.Id == id).Select(a => (int?)a.Number).SingleOrDefaultAsync(cancellationToken)
                : null;
            return new TablePointerResponse(pointer.DocumentId, pointer.BlockId, label, pointer.AmendmentId, number, pointer.SetBy, pointer.SetAt);
        }
    }
}

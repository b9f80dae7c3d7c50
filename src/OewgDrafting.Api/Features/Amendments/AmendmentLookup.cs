using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

public static class AmendmentLookup
{
    public static async Task<Amendment> FindAsync(DraftingDbContext db, Guid documentId, Guid amendmentId, CancellationToken cancellationToken) =>
        await db.Amendments.SingleOrDefaultAsync(a => a.Id == amendmentId && a.DocumentId == documentId, cancellationToken)
        ?? throw new NotFoundException("Amendment", amendmentId);
}

using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Features.Delegations;

public static class DelegationLookup
{
    public static async Task<Delegation> FindDelegationAsync(this DraftingDbContext db, string code, bool tracked, CancellationToken cancellationToken)
    {
        var normalised = code.Trim().ToUpperInvariant();
        var query = tracked ? db.Delegations : db.Delegations.AsNoTracking();
        return await query.SingleOrDefaultAsync(d => d.Code == normalised, cancellationToken)
            ?? throw new NotFoundException("Delegation", normalised);
    }
}

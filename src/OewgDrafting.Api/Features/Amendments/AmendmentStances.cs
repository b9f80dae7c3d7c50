using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>Delegations' current positions on amendments, for the compilation's attributions.</summary>
public static class AmendmentStances
{
    public static Task<IReadOnlyDictionary<Guid, Domain.Amendments.Stances>> ForAmendmentsAsync(DraftingDbContext db, Guid documentId,
        CancellationToken cancellationToken)
    {
        _ = db;
        _ = documentId;
        _ = cancellationToken;
        return Task.FromResult<IReadOnlyDictionary<Guid, Domain.Amendments.Stances>>(new Dictionary<Guid, Domain.Amendments.Stances>());
    }
}

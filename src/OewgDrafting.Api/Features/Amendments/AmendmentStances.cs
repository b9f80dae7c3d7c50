using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>Delegations' current positions on amendments, for the compilation's attributions.</summary>
public static class AmendmentStances
{
    private sealed record Row(Guid TargetId, string Delegation, Stance Stance);

    public static async Task<IReadOnlyDictionary<Guid, Domain.Amendments.Stances>> ForAmendmentsAsync(DraftingDbContext db, Guid documentId,
        CancellationToken cancellationToken)
    {
        var positions = await db.Positions.AsNoTracking()
            .Where(p => p.DocumentId == documentId && p.Target == PositionTarget.Amendment
                && (p.Stance == Stance.Support || p.Stance == Stance.Oppose || p.Stance == Stance.Reserve))
            .Select(p => new Row(p.TargetId, p.Delegation, p.Stance))
            .ToListAsync(cancellationToken);
        return positions.GroupBy(p => p.TargetId).ToDictionary(g => g.Key, g => new Domain.Amendments.Stances(
            Codes(g, Stance.Support), Codes(g, Stance.Oppose), Codes(g, Stance.Reserve)));

        static List<string> Codes(IEnumerable<Row> group, Stance stance) =>
            group.Where(x => x.Stance == stance).Select(x => x.Delegation).OrderBy(c => c, StringComparer.Ordinal).ToList();
    }
}

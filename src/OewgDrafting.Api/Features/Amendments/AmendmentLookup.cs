using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

public static class AmendmentLookup
{
    public static async Task<Amendment> FindAsync(DraftingDbContext db, Guid documentId, Guid amendmentId, CancellationToken cancellationToken) =>
        await db.Amendments.SingleOrDefaultAsync(a => a.Id == amendmentId && a.DocumentId == documentId, cancellationToken)
        ?? throw new NotFoundException("Amendment", amendmentId);

    /// <summary>The pending sub-amendments of an amendment, tracked (the command may decide them).</summary>
    public static Task<List<Amendment>> PendingSubAmendmentsAsync(DraftingDbContext db, Amendment parent, CancellationToken cancellationToken) =>
        db.Amendments.Where(a => a.DocumentId == parent.DocumentId && a.ParentId == parent.Id && a.Status == AmendmentStatus.Proposed)
            .OrderBy(a => a.Number).ToListAsync(cancellationToken);

    /// <summary>
    /// When an amendment falls (withdrawn, rejected, merged, superseded), its pending sub-amendments lapse with it; the
    /// event of its fall lists them.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> LapseSubAmendmentsAsync(DraftingDbContext db, EventJournal journal, Amendment parent,
        CancellationToken cancellationToken)
    {
        if (parent.ParentId is not null)
        {
            return [];
        }

        var subs = await PendingSubAmendmentsAsync(db, parent, cancellationToken);
        foreach (var sub in subs)
        {
            sub.Lapse(journal.ActorCode, journal.Now, $"A{parent.Number}, the amendment it amends, was {parent.Status.ToString().ToLowerInvariant()}.");
        }

        return subs.Select(s => s.Id).ToList();
    }
}

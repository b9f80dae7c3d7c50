using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>
/// Read-side helpers for sub-amendments, which target their parent's proposed words: collisions among the pending
/// sub-amendments of one parent, and a preview of the parent's words as they would read.
/// </summary>
public static class SubAmendmentViews
{
    /// <summary>The sub-amendment's answer: the pending siblings it collides with and its parent's words with it taken.</summary>
    /// <param name="parent">The parent when the caller holds it already (the proposal's command does); else it is read.</param>
    public static async Task<AmendmentResponse> DescribeAsync(DraftingDbContext db, Amendment sub, bool withHistory, CancellationToken cancellationToken,
        Amendment? parent = null)
    {
        parent ??= await db.Amendments.AsNoTracking().SingleAsync(a => a.Id == sub.ParentId, cancellationToken);
        if (!sub.IsPending)
        {
            return AmendmentResponse.From(sub, withHistory: withHistory);
        }

        // The sub-amendment itself may not be stored yet (a proposal's answer is written in its command).
        var siblings = (await db.Amendments.AsNoTracking()
            .Where(a => a.DocumentId == sub.DocumentId && a.ParentId == parent.Id && a.Status == AmendmentStatus.Proposed && a.Id != sub.Id)
            .ToListAsync(cancellationToken)).Append(sub);
        var resolved = siblings.Select(s => Collisions.Resolve(parent.Text ?? string.Empty, parent.Version, AmendmentViews.ToPending(s))).ToList();
        var collisions = Collisions.Find(resolved);
        var self = resolved.Single(r => r.Pending.Id == sub.Id);
        var preview = !parent.IsPending
            ? new AmendmentPreview(null, null, false, $"A{parent.Number}, the amendment it amends, is {parent.Status.ToString().ToLowerInvariant()}.")
            : self.Span is { } span
                ? new AmendmentPreview(AmendmentText.Apply(parent.Text!, span, sub.Change, bracketed: false), $"A{parent.Number}", false, null)
                : new AmendmentPreview(null, $"A{parent.Number}", false, self.Conflict);
        return AmendmentResponse.From(sub, collisions.TryGetValue(sub.Id, out var hits) ? hits : [], preview, withHistory);
    }

    /// <summary>"A7 (MEX) replaces “closely” with “fully”": a sub-amendment as its parent's attribution names it.</summary>
    public static string Describe(Amendment sub)
    {
        // The decision list's wording of the change ("replace “x” with “y”"), said of the sub-amendment ("replaces …").
        var change = Meetings.GetDecisionList.Describe(sub);
        var verb = change.IndexOf(' ', StringComparison.Ordinal);
        return $"A{sub.Number} ({sub.Proposer}) {change[..verb]}s{change[verb..]}";
    }
}

using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>Reads what <see cref="TablingRule"/> needs: a document's deadlines and its headings.</summary>
public static class TablingDeadlines
{
    private static readonly Func<DraftingDbContext, Guid, IAsyncEnumerable<TablingDeadline>> DeadlinesOf =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid documentId) => db.TablingDeadlines.AsNoTracking().Where(d => d.DocumentId == documentId));

    public static async Task<List<TablingDeadline>> OfAsync(DraftingDbContext db, Guid documentId, CancellationToken cancellationToken)
    {
        var deadlines = new List<TablingDeadline>();
        await foreach (var deadline in DeadlinesOf(db, documentId).WithCancellation(cancellationToken))
        {
            deadlines.Add(deadline);
        }

        return deadlines;
    }

    public static Task<List<SectionHeading>> HeadingsAsync(DraftingDbContext db, Guid documentId, CancellationToken cancellationToken) =>
        db.Blocks.AsNoTracking().Where(b => b.DocumentId == documentId && b.Kind == BlockKind.Heading)
            .OrderBy(b => b.Position)
            .Select(b => new SectionHeading(b.Id, b.Position, b.Level ?? 1, b.Label, b.Text))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Whether a delegation's amendment to <paramref name="paragraph"/> (or, for a new paragraph, after it) is on time or
    /// late at <paramref name="now"/>; a <see cref="Domain.ConflictException"/> naming the deadline when it is refused.
    /// A document without deadlines costs one indexed read.
    /// </summary>
    public static async Task<Tabling> JudgeAsync(DraftingDbContext db, Block paragraph, bool newParagraphAfter, DateTimeOffset now,
        CancellationToken cancellationToken, TimeSpan? subAmendmentInterval = null)
    {
        var deadlines = await OfAsync(db, paragraph.DocumentId, cancellationToken);
        if (deadlines.Count == 0)
        {
            return Tabling.OnTime;
        }

        var sections = TablingRule.Enclosing(await HeadingsAsync(db, paragraph.DocumentId, cancellationToken), paragraph.Position, newParagraphAfter);
        return TablingRule.Judge(now, sections, deadlines, subAmendmentInterval);
    }
}

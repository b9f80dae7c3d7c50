using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>
/// Blocks sort by a sparse position so that inserting a paragraph touches one row; only when two
/// neighbours have no room left between them is the document's order written out again.
/// </summary>
public static class BlockPositions
{
    public const long Gap = 1L << 20;

    public sealed record Slot(long Position, string? PreviousNumberedLabel, bool AnyNumberedAfter, IReadOnlySet<string> TakenLabels);

    private sealed record Row(Guid Id, long Position, BlockKind Kind, string? Label);

    /// <summary>Finds where a block goes: after <paramref name="afterBlockId"/>, at the start, or (neither) at the end.</summary>
    /// <param name="afterInsertions">
    /// Also pass the paragraphs already inserted after that block (<c>5 bis</c>, <c>5 ter</c> after <c>5</c>), so that a
    /// further insertion "after paragraph 5" reads <c>5 quater</c> in its place.
    /// </param>
    public static async Task<Slot> FindSlotAsync(DraftingDbContext db, Guid documentId, Guid? afterBlockId, bool atStart,
        CancellationToken cancellationToken, bool afterInsertions = false)
    {
        var rows = await db.Blocks.Where(b => b.DocumentId == documentId)
            .OrderBy(b => b.Position)
            .Select(b => new Row(b.Id, b.Position, b.Kind, b.Label))
            .ToListAsync(cancellationToken);

        int index;
        if (afterBlockId is { } after)
        {
            index = rows.FindIndex(r => r.Id == after);
            if (index < 0)
            {
                throw new DomainValidationException("afterBlockId", $"Block '{after}' is not a block of this document.");
            }

            if (afterInsertions && rows[index].Kind == BlockKind.Paragraph && ParagraphLabel.TryParse(rows[index].Label, out var anchor))
            {
                while (index + 1 < rows.Count && rows[index + 1].Kind == BlockKind.Paragraph
                       && ParagraphLabel.TryParse(rows[index + 1].Label, out var following)
                       && following.Number == anchor.Number && following.Ordinal > anchor.Ordinal)
                {
                    index++;
                }
            }

            index++;
        }
        else
        {
            index = atStart ? 0 : rows.Count;
        }

        var previous = index > 0 ? rows[index - 1].Position : 0;
        var next = index < rows.Count ? rows[index].Position : previous + 2 * Gap;
        long position;
        if (next - previous >= 2)
        {
            position = previous + (next - previous) / 2;
        }
        else
        {
            position = await SpreadAsync(db, documentId, index, cancellationToken);
        }

        static bool Numbered(Row r) => r.Kind == BlockKind.Paragraph && r.Label is not null;
        var taken = rows.Where(Numbered).Select(r => r.Label!).ToHashSet(StringComparer.Ordinal);
        var previousLabel = rows.Take(index).LastOrDefault(Numbered)?.Label;
        var anyAfter = rows.Skip(index).Any(Numbered);
        return new Slot(position, previousLabel, anyAfter, taken);
    }

    /// <summary>Labels of the document's numbered paragraphs, other than <paramref name="except"/>.</summary>
    public static async Task<HashSet<string>> TakenLabelsAsync(DraftingDbContext db, Guid documentId, Guid except,
        CancellationToken cancellationToken)
    {
        var labels = await db.Blocks
            .Where(b => b.DocumentId == documentId && b.Kind == BlockKind.Paragraph && b.Label != null && b.Id != except)
            .Select(b => b.Label!)
            .ToListAsync(cancellationToken);
        return labels.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Writes the order out again with full gaps, leaving a free slot at <paramref name="index"/>.</summary>
    private static async Task<long> SpreadAsync(DraftingDbContext db, Guid documentId, int index, CancellationToken cancellationToken)
    {
        var blocks = await db.Blocks.Where(b => b.DocumentId == documentId).OrderBy(b => b.Position).ToListAsync(cancellationToken);
        for (var i = 0; i < blocks.Count; i++)
        {
            blocks[i].MoveTo((i < index ? i + 1 : i + 2) * Gap);
        }

        return (index + 1) * Gap;
    }

    /// <summary>The label a new paragraph takes: the one asked for (if free), none, or the next negotiation label.</summary>
    public static string? LabelFor(Slot slot, string? requested, bool numbered)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            var label = requested.Trim();
            if (slot.TakenLabels.Contains(label))
            {
                throw new DomainValidationException("label", $"Paragraph {label} already exists in this document.");
            }

            return label;
        }

        if (!numbered)
        {
            return null;
        }

        ParagraphLabel? previous = null;
        if (slot.PreviousNumberedLabel is not null && ParagraphLabel.TryParse(slot.PreviousNumberedLabel, out var parsed))
        {
            previous = parsed;
        }

        return ParagraphLabel.NextAfter(previous, slot.AnyNumberedAfter, slot.TakenLabels).ToString();
    }
}

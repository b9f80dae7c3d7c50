using System.Text;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Domain.Rendering;

public abstract record CompilationPiece;

/// <summary>Current text between amendments.</summary>
public sealed record TextPiece(string Text) : CompilationPiece;

/// <summary>A pending amendment shown inline: <see cref="Original"/> is the text at its span (for an insertion, the anchor).</summary>
public sealed record ChangePiece(PendingChange Pending, string Original) : CompilationPiece;

public enum NoteKind
{
    /// <summary>Replaces or deletes the whole paragraph.</summary>
    WholeParagraph,

    /// <summary>Overlaps an amendment already shown inline.</summary>
    Collision,

    /// <summary>Its quote cannot be placed in the current text.</summary>
    Conflict,
}

public sealed record CompilationNote(PendingChange Pending, NoteKind Kind, string? Detail);

public abstract record CompilationItem;

public sealed record CompilationBlock(TextBlock Block, IReadOnlyList<CompilationPiece> Pieces, IReadOnlyList<CompilationNote> Notes)
    : CompilationItem;

/// <summary>A new paragraph that an amendment proposes, with the label it would take.</summary>
public sealed record ProposedParagraph(PendingChange Pending, Guid AfterBlockId, string? ProvisionalLabel) : CompilationItem;

public sealed record CompilationDocument(TextDocument Source, IReadOnlyList<CompilationItem> Items,
    IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> Collisions)
{
    /// <summary>Open comment threads everyone may read, per block (blocks without any are absent).</summary>
    public IReadOnlyDictionary<Guid, int> OpenComments { get; init; } = new Dictionary<Guid, int>();

    public int OpenCommentsOn(Guid blockId) => OpenComments.TryGetValue(blockId, out var count) ? count : 0;

    public static string DescribeComments(int count) => count == 1 ? "1 open comment" : $"{count} open comments";
}

/// <summary>
/// The chair's working view: the clean text with every pending amendment at its place, attributed to its
/// proposer, co-sponsors and the delegations that support, oppose or reserve on it.
/// </summary>
public static class Compilation
{
    public static CompilationDocument Build(TextDocument document, IReadOnlyDictionary<Guid, int> blockVersions,
        IEnumerable<PendingChange> pending)
    {
        var byBlock = pending.GroupBy(p => p.BlockId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Number).ToList());
        var items = new List<CompilationItem>(document.Blocks.Count);
        var allResolved = new List<ResolvedChange>();
        var takenLabels = document.Blocks.Where(b => b.Kind == BlockKind.Paragraph && b.Label is not null)
            .Select(b => b.Label!).ToHashSet(StringComparer.Ordinal);
        var numberedAfter = new bool[document.Blocks.Count + 1];
        for (var i = document.Blocks.Count - 1; i >= 0; i--)
        {
            var b = document.Blocks[i];
            numberedAfter[i] = numberedAfter[i + 1] || (b.Kind == BlockKind.Paragraph && b.Label is not null);
        }

        ParagraphLabel? lastLabel = null;
        for (var index = 0; index < document.Blocks.Count; index++)
        {
            var block = document.Blocks[index];
            if (block.Kind == BlockKind.Paragraph && block.Label is not null && ParagraphLabel.TryParse(block.Label, out var parsed))
            {
                lastLabel = parsed;
            }

            if (!byBlock.TryGetValue(block.Id, out var changes))
            {
                items.Add(new CompilationBlock(block, [new TextPiece(block.Text)], []));
                continue;
            }

            var version = blockVersions.TryGetValue(block.Id, out var v) ? v : 0;
            var resolved = changes.Where(c => c.Change.Kind != AmendmentKind.AddParagraph)
                .Select(c => Collisions.Resolve(block.Text, version, c)).ToList();
            allResolved.AddRange(resolved);
            allResolved.AddRange(changes.Where(c => c.Change.Kind == AmendmentKind.AddParagraph)
                .Select(c => new ResolvedChange(c, null, null)));
            items.Add(Place(block, resolved));

            var previous = lastLabel;
            foreach (var added in changes.Where(c => c.Change.Kind == AmendmentKind.AddParagraph))
            {
                string? label = null;
                try
                {
                    var next = ParagraphLabel.NextAfter(previous, numberedAfter[index + 1], takenLabels);
                    label = next.ToString();
                    takenLabels.Add(label);
                    previous = next;
                }
                catch (ConflictException)
                {
                    // Out of Latin ordinals: shown without a label.
                }

                items.Add(new ProposedParagraph(added, block.Id, label));
            }
        }

        return new CompilationDocument(document, items, Collisions.Find(allResolved));
    }

    private static CompilationBlock Place(TextBlock block, List<ResolvedChange> resolved)
    {
        var notes = new List<CompilationNote>();
        var inline = new List<ResolvedChange>();
        foreach (var r in resolved.OrderBy(r => r.Span?.Start ?? 0).ThenBy(r => r.Pending.Number))
        {
            if (r.Conflict is not null)
            {
                notes.Add(new CompilationNote(r.Pending, NoteKind.Conflict, r.Conflict));
            }
            else if (r.IsWholeParagraph)
            {
                notes.Add(new CompilationNote(r.Pending, NoteKind.WholeParagraph, null));
            }
            else if (inline.FirstOrDefault(i => i.Span!.Value.Overlaps(r.Span!.Value)) is { } shown)
            {
                notes.Add(new CompilationNote(r.Pending, NoteKind.Collision, $"A{shown.Pending.Number}"));
            }
            else
            {
                inline.Add(r);
            }
        }

        var pieces = new List<CompilationPiece>(inline.Count * 2 + 1);
        var position = 0;
        foreach (var r in inline.OrderBy(r => r.Span!.Value.Start))
        {
            var span = r.Span!.Value;
            if (span.Start > position)
            {
                pieces.Add(new TextPiece(block.Text[position..span.Start]));
            }

            pieces.Add(new ChangePiece(r.Pending, block.Text.Substring(span.Start, span.Length)));
            position = span.End;
        }

        if (position < block.Text.Length || pieces.Count == 0)
        {
            pieces.Add(new TextPiece(block.Text[position..]));
        }

        return new CompilationBlock(block, pieces, notes);
    }

    /// <summary>"A3: ESP + MEX, BRA; FRA support; EU, G77 oppose; DEU reserve" (then agreed language and sub-amendments).</summary>
    public static string Attribution(PendingChange pending, bool deletion = false)
    {
        var builder = new StringBuilder().Append('A').Append(pending.Number).Append(": ").Append(pending.Proposer);
        if (pending.Cosponsors.Count > 0)
        {
            builder.Append(" + ").AppendJoin(", ", pending.Cosponsors);
        }

        if (deletion)
        {
            builder.Append(" delete");
        }

        Append(builder, pending.Stances.Support, "support");
        Append(builder, pending.Stances.Oppose, "oppose");
        Append(builder, pending.Stances.Reserve, "reserve");
        if (pending.AgreedLanguage is { } agreed)
        {
            builder.Append("; ").Append(agreed);
        }

        if (pending.SubAmendments is { } subs)
        {
            builder.Append("; sub-amendments: ").Append(subs);
        }

        return builder.ToString();

        static void Append(StringBuilder builder, IReadOnlyList<string> who, string stance)
        {
            if (who.Count > 0)
            {
                builder.Append("; ").AppendJoin(", ", who).Append(' ').Append(stance);
            }
        }
    }

    /// <summary>How a change reads inline in plain text: replace gives "[X / Y] (A1: …)", insert "[Y] (A1: …)", delete "[X] (A1: … delete)".</summary>
    public static string Inline(ChangePiece piece)
    {
        var change = piece.Pending.Change;
        return change.Kind switch
        {
            AmendmentKind.Insert when change.Placement == Placement.Before =>
                WithAttribution(AmendmentText.Bracket(change.Text!), piece.Pending) + piece.Original,
            AmendmentKind.Insert => piece.Original + WithAttribution(AmendmentText.Bracket(change.Text!), piece.Pending),
            AmendmentKind.Delete => WithAttribution(AmendmentText.Bracket(piece.Original), piece.Pending, deletion: true),
            _ => WithAttribution(AmendmentText.Bracket(piece.Original, change.Text!), piece.Pending),
        };
    }

    /// <summary>A note under the paragraph, for what cannot be shown inline.</summary>
    public static string Describe(CompilationNote note)
    {
        var change = note.Pending.Change;
        var what = change.Kind switch
        {
            AmendmentKind.ReplaceParagraph => $"replace the paragraph with: \"{change.Text}\"",
            AmendmentKind.DeleteParagraph => "delete the paragraph",
            AmendmentKind.Insert => $"insert \"{change.Text}\" {(change.Placement == Placement.Before ? "before" : "after")} \"{change.Quote}\"",
            AmendmentKind.Delete => $"delete \"{change.Quote}\"",
            AmendmentKind.Replace => $"replace \"{change.Quote}\" with \"{change.Text}\"",
            _ => $"add a paragraph: \"{change.Text}\"",
        };
        var suffix = note.Kind switch
        {
            NoteKind.Collision => $" — collides with {note.Detail}",
            NoteKind.Conflict => $" — cannot be placed: {note.Detail}",
            _ => string.Empty,
        };
        return $"({Attribution(note.Pending)}) {what}{suffix}";
    }

    private static string WithAttribution(string bracketed, PendingChange pending, bool deletion = false)
    {
        // Keep trailing white space after the attribution: "[X / Y] (A1: ESP) next".
        var trimmed = bracketed.TrimEnd();
        return trimmed + " (" + Attribution(pending, deletion) + ")" + bracketed[trimmed.Length..];
    }
}

using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Api.Features.Revisions;

public enum BlockChange
{
    Unchanged,
    Added,
    Deleted,
    Modified,
}

public sealed record WordChange(string Type, string Text);

public sealed record BlockDiff(
    Guid BlockId,
    BlockKind Kind,
    BlockChange Change,
    bool Moved,
    bool Relabelled,
    string? FromLabel,
    string? ToLabel,
    string? FromText,
    string? ToText,
    IReadOnlyList<WordChange>? Words);

public sealed record DiffResponse(string From, string To, int Added, int Deleted, int Modified, int Moved, int Relabelled, IReadOnlyList<BlockDiff> Blocks);

/// <summary>
/// Compares two texts of a document: paragraphs matched by their stable ids (added, deleted, moved,
/// relabelled, modified), and word by word within modified paragraphs, with DiffPlex.
/// </summary>
public static class DocumentDiff
{
    public static DiffResponse Compare(string fromName, TextDocument from, string toName, TextDocument to)
    {
        var before = from.Blocks.ToDictionary(b => b.Id);
        var after = to.Blocks.ToDictionary(b => b.Id);
        var moved = Moved(from.Blocks.Select(b => b.Id).Where(after.ContainsKey).ToList(), to.Blocks.Select(b => b.Id).Where(before.ContainsKey).ToList());

        var result = new List<BlockDiff>();
        // The new text's order, with deleted blocks placed after the block that preceded them.
        var deletedAfter = new Dictionary<Guid, List<TextBlock>>();
        Guid? previousKept = null;
        var leadingDeleted = new List<TextBlock>();
        foreach (var block in from.Blocks)
        {
            if (after.ContainsKey(block.Id))
            {
                previousKept = block.Id;
            }
            else if (previousKept is { } p)
            {
                (deletedAfter.TryGetValue(p, out var list) ? list : deletedAfter[p] = []).Add(block);
            }
            else
            {
                leadingDeleted.Add(block);
            }
        }

        result.AddRange(leadingDeleted.Select(Deleted));
        foreach (var block in to.Blocks)
        {
            if (!before.TryGetValue(block.Id, out var old))
            {
                result.Add(new BlockDiff(block.Id, block.Kind, BlockChange.Added, false, false, null, block.Label, null, block.Text, null));
            }
            else
            {
                var modified = old.Text != block.Text;
                result.Add(new BlockDiff(block.Id, block.Kind, modified ? BlockChange.Modified : BlockChange.Unchanged, moved.Contains(block.Id),
                    old.Label != block.Label, old.Label, block.Label, old.Text, block.Text, modified ? Words(old.Text, block.Text, to.Language) : null));
            }

            if (deletedAfter.TryGetValue(block.Id, out var gone))
            {
                result.AddRange(gone.Select(Deleted));
            }
        }

        return new DiffResponse(fromName, toName,
            result.Count(b => b.Change == BlockChange.Added),
            result.Count(b => b.Change == BlockChange.Deleted),
            result.Count(b => b.Change == BlockChange.Modified),
            result.Count(b => b.Moved),
            result.Count(b => b.Relabelled),
            result);

        static BlockDiff Deleted(TextBlock b) => new(b.Id, b.Kind, BlockChange.Deleted, false, false, b.Label, null, b.Text, null, null);
    }

    /// <summary>
    /// Word-level changes with DiffPlex; runs of the same kind are joined. Languages written without spaces between
    /// words (Chinese, Japanese) are compared character by character, the others word by word.
    /// </summary>
    public static IReadOnlyList<WordChange> Words(string from, string to, string? language = null)
    {
        IChunker chunker = ComparesByCharacter(language) ? CharacterChunker.Instance : WordChunker.Instance;
        var model = InlineDiffBuilder.Diff(from, to, ignoreWhiteSpace: false, ignoreCase: false, chunker);
        var changes = new List<WordChange>();
        foreach (var piece in model.Lines)
        {
            var type = piece.Type switch
            {
                ChangeType.Inserted => "inserted",
                ChangeType.Deleted => "deleted",
                _ => "unchanged",
            };
            if (changes.Count > 0 && changes[^1].Type == type)
            {
                changes[^1] = changes[^1] with { Text = changes[^1].Text + piece.Text };
            }
            else
            {
                changes.Add(new WordChange(type, piece.Text ?? string.Empty));
            }
        }

        return changes;
    }

    /// <summary>Chinese and Japanese (any tag whose primary language is <c>zh</c> or <c>ja</c>) have no spaces between words.</summary>
    public static bool ComparesByCharacter(string? language)
    {
        var primary = language?.Split('-')[0];
        return string.Equals(primary, "zh", StringComparison.OrdinalIgnoreCase) || string.Equals(primary, "ja", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Blocks kept in both texts but not in their longest common order were moved.</summary>
    private static HashSet<Guid> Moved(List<Guid> from, List<Guid> to)
    {
        var lengths = new int[from.Count + 1, to.Count + 1];
        for (var i = from.Count - 1; i >= 0; i--)
        {
            for (var j = to.Count - 1; j >= 0; j--)
            {
                lengths[i, j] = from[i] == to[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var inOrder = new HashSet<Guid>();
        for (int i = 0, j = 0; i < from.Count && j < to.Count;)
        {
            if (from[i] == to[j])
            {
                inOrder.Add(from[i]);
                i++;
                j++;
            }
            else if (lengths[i + 1, j] >= lengths[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return from.Where(id => !inOrder.Contains(id)).ToHashSet();
    }

    /// <summary>An HTML redline: insertions in &lt;ins&gt;, deletions in &lt;del&gt;, every text escaped.</summary>
    public static StringBuilder WriteHtml(StringBuilder builder, DiffResponse diff, string language)
    {
        var h = CleanTextRenderer.Html;
        builder.Append("<!DOCTYPE html>\n<html lang=\"").Append(h(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>Changes from ")
            .Append(h(diff.From)).Append(" to ").Append(h(diff.To)).Append("</title>\n</head>\n<body>\n<article class=\"redline\" data-from=\"")
            .Append(h(diff.From)).Append("\" data-to=\"").Append(h(diff.To)).Append("\">\n");
        foreach (var block in diff.Blocks)
        {
            var css = block.Change.ToString().ToLowerInvariant() + (block.Moved ? " moved" : "") + (block.Relabelled ? " relabelled" : "");
            builder.Append("<p class=\"block ").Append(css).Append("\" data-block=\"").Append(block.BlockId).Append("\">");
            if (block.Relabelled && block.FromLabel is not null && block.ToLabel is not null)
            {
                builder.Append("<span class=\"label\"><del>").Append(h(block.FromLabel)).Append("</del><ins>").Append(h(block.ToLabel)).Append("</ins></span> ");
            }
            else if ((block.ToLabel ?? block.FromLabel) is { } label)
            {
                builder.Append("<span class=\"label\">").Append(h(label)).Append("</span> ");
            }

            switch (block.Change)
            {
                case BlockChange.Added:
                    builder.Append("<ins>").Append(h(block.ToText!)).Append("</ins>");
                    break;
                case BlockChange.Deleted:
                    builder.Append("<del>").Append(h(block.FromText!)).Append("</del>");
                    break;
                case BlockChange.Modified:
                    foreach (var word in block.Words!)
                    {
                        builder.Append(word.Type switch
                        {
                            "inserted" => "<ins>" + h(word.Text) + "</ins>",
                            "deleted" => "<del>" + h(word.Text) + "</del>",
                            _ => h(word.Text),
                        });
                    }

                    break;
                default:
                    builder.Append(h(block.ToText!));
                    break;
            }

            builder.Append("</p>\n");
        }

        return builder.Append("</article>\n</body>\n</html>\n");
    }
}

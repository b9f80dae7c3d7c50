using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using OewgDrafting.Api.Features.Revisions;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Api.Features.Formats;

/// <summary>The clean text as a Word document.</summary>
public static class WordCleanText
{
    public static byte[] Write(TextDocument document)
    {
        using var word = new WordWriter(document);
        word.WriteHead();
        foreach (var block in document.Blocks)
        {
            word.Body.Append(word.BlockParagraph(block));
        }

        return word.ToBytes();
    }
}

/// <summary>
/// The compilation as a Word document with real tracked changes: every amendment shown inline in the compilation
/// (an insertion, deletion or replacement placed in the current text) is a tracked change whose author is the
/// proposing delegation and whose date is the proposal's, and a new paragraph is an inserted paragraph; each carries
/// a comment with its number, co-sponsors, justification and the delegations supporting and opposing it. What the
/// compilation cannot show inline is a comment on its paragraph only: a whole-paragraph replacement or deletion, an
/// amendment that collides with one already shown (the lowest number is the tracked change), and one whose quote
/// cannot be placed. Accepting all changes gives the text with every inline amendment applied; rejecting all gives
/// the clean text.
/// </summary>
public static class WordCompilation
{
    public static byte[] Write(CompilationDocument compilation)
    {
        using var word = new WordWriter(compilation.Source);
        word.WriteHead();
        foreach (var item in compilation.Items)
        {
            switch (item)
            {
                case CompilationBlock block:
                    word.Body.Append(Block(word, block));
                    break;
                case ProposedParagraph proposed:
                    word.Body.Append(NewParagraph(word, proposed));
                    break;
            }
        }

        return word.ToBytes();
    }

    private static Paragraph Block(WordWriter word, CompilationBlock block)
    {
        var paragraph = WordWriter.StyledParagraph(WordWriter.StyleOf(block.Block));
        if (WordWriter.Prefix(block.Block) is { } prefix)
        {
            paragraph.Append(WordWriter.Plain(prefix));
        }

        foreach (var piece in block.Pieces)
        {
            switch (piece)
            {
                case TextPiece text:
                    paragraph.Append(word.Source(text.Text));
                    break;
                case ChangePiece change:
                    word.Comment(paragraph, Change(word, change), change.Pending.Proposer, change.Pending.ProposedAt, Describe(change.Pending));
                    break;
            }
        }

        foreach (var note in block.Notes)
        {
            word.Comment(paragraph, [], note.Pending.Proposer, note.Pending.ProposedAt,
                [Compilation.Describe(note), .. Describe(note.Pending).Skip(1)]);
        }

        return paragraph;
    }

    /// <summary>The tracked change for an amendment placed in the text.</summary>
    private static OpenXmlElement[] Change(WordWriter word, ChangePiece piece)
    {
        var pending = piece.Pending;
        var change = pending.Change;
        var (author, date) = (pending.Proposer, pending.ProposedAt);
        return change.Kind switch
        {
            AmendmentKind.Insert when change.Placement == Placement.Before =>
                [word.Inserted(author, date, [.. word.Source(change.Text!)]), .. word.Source(piece.Original)],
            AmendmentKind.Insert => [.. word.Source(piece.Original), word.Inserted(author, date, [.. word.Source(change.Text!)])],
            AmendmentKind.Delete => [word.DeletedRun(author, date, piece.Original)],
            _ => [word.DeletedRun(author, date, piece.Original), word.Inserted(author, date, [.. word.Source(change.Text!)])],
        };
    }

    private static Paragraph NewParagraph(WordWriter word, ProposedParagraph proposed)
    {
        var pending = proposed.Pending;
        var paragraph = WordWriter.StyledParagraph(WordWriter.ParagraphStyle);
        word.MarkInserted(paragraph, pending.Proposer, pending.ProposedAt);
        OpenXmlElement[] runs = proposed.ProvisionalLabel is { } label
            ? [WordWriter.Plain(label + ".\t"), .. word.Source(pending.Change.Text!)]
            : [.. word.Source(pending.Change.Text!)];
        word.Comment(paragraph, [word.Inserted(pending.Proposer, pending.ProposedAt, runs)], pending.Proposer, pending.ProposedAt, Describe(pending));
        return paragraph;
    }

    /// <summary>The comment on an amendment: who proposed it, with whom, why, and who stands where.</summary>
    public static IEnumerable<string> Describe(PendingChange pending)
    {
        yield return $"A{pending.Number}, proposed by {pending.Proposer}"
            + (pending.Cosponsors.Count > 0 ? $", co-sponsored by {string.Join(", ", pending.Cosponsors)}" : "") + ".";
        if (!string.IsNullOrWhiteSpace(pending.Justification))
        {
            yield return "Justification: " + pending.Justification;
        }

        yield return "Supported by: " + Names(pending.Stances.Support) + ". Opposed by: " + Names(pending.Stances.Oppose) + "."
            + (pending.Stances.Reserve.Count > 0 ? " Reservations: " + Names(pending.Stances.Reserve) + "." : "");
    }

    private static string Names(IReadOnlyList<string> codes) => codes.Count == 0 ? "none" : string.Join(", ", codes);
}

/// <summary>
/// The redline between two texts of a document as a Word document: words and paragraphs added or deleted are tracked
/// changes (the author is the later text's name, such as Rev.1, dated when it was issued); accepting all gives the
/// later text, rejecting all the earlier one.
/// </summary>
public static class WordRedline
{
    public static byte[] Write(DiffResponse diff, TextDocument from, TextDocument to, DateTimeOffset? issued)
    {
        using var word = new WordWriter(to);
        word.WriteHead();
        var before = from.Blocks.ToDictionary(b => b.Id);
        var after = to.Blocks.ToDictionary(b => b.Id);
        var author = diff.To;
        foreach (var block in diff.Blocks)
        {
            switch (block.Change)
            {
                case BlockChange.Added:
                {
                    var paragraph = word.BlockParagraph(after[block.BlockId]);
                    var runs = paragraph.Elements().Where(e => e is not ParagraphProperties).ToList();
                    foreach (var run in runs)
                    {
                        run.Remove();
                    }

                    word.MarkInserted(paragraph, author, issued);
                    paragraph.Append(word.Inserted(author, issued, [.. runs]));
                    word.Body.Append(paragraph);
                    break;
                }

                case BlockChange.Deleted:
                {
                    var old = before[block.BlockId];
                    var paragraph = WordWriter.StyledParagraph(WordWriter.StyleOf(old));
                    word.MarkDeleted(paragraph, author, issued);
                    paragraph.Append(word.DeletedRun(author, issued, (WordWriter.Prefix(old) ?? "") + old.Text));
                    word.Body.Append(paragraph);
                    break;
                }

                case BlockChange.Modified when block.Words is not null:
                {
                    var current = after[block.BlockId];
                    var paragraph = WordWriter.StyledParagraph(WordWriter.StyleOf(current));
                    Label(word, paragraph, before[block.BlockId], current, author, issued);
                    foreach (var words in block.Words)
                    {
                        switch (words.Type)
                        {
                            case "inserted":
                                paragraph.Append(word.Inserted(author, issued, [.. word.Source(words.Text)]));
                                break;
                            case "deleted":
                                paragraph.Append(word.DeletedRun(author, issued, words.Text));
                                break;
                            default:
                                paragraph.Append(word.Source(words.Text));
                                break;
                        }
                    }

                    word.Body.Append(paragraph);
                    break;
                }

                default:
                {
                    var current = after[block.BlockId];
                    var paragraph = WordWriter.StyledParagraph(WordWriter.StyleOf(current));
                    Label(word, paragraph, before.GetValueOrDefault(block.BlockId) ?? current, current, author, issued);
                    paragraph.Append(word.Source(current.Text));
                    word.Body.Append(paragraph);
                    break;
                }
            }
        }

        return word.ToBytes();
    }

    /// <summary>The label, as a tracked change when the later text renumbered the block.</summary>
    private static void Label(WordWriter word, Paragraph paragraph, TextBlock old, TextBlock current, string author, DateTimeOffset? issued)
    {
        var (was, now) = (WordWriter.Prefix(old), WordWriter.Prefix(current));
        if (was == now)
        {
            if (now is not null)
            {
                paragraph.Append(WordWriter.Plain(now));
            }

            return;
        }

        if (was is not null)
        {
            paragraph.Append(word.DeletedRun(author, issued, was));
        }

        if (now is not null)
        {
            paragraph.Append(word.Inserted(author, issued, WordWriter.Plain(now)));
        }
    }
}

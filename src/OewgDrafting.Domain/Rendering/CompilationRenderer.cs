using System.Text;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Rendering;

/// <summary>Renders the compilation text as Markdown, plain text or HTML.</summary>
public static class CompilationRenderer
{
    /// <summary>
    /// Markdown and plain text share one convention a diplomat reads: <c>[shall / should] (A1: ESP; EU, G77 oppose)</c>.
    /// Plain text differs only in its references, written by their labels alone (<c>75/240</c>, not <c>[75/240](#)</c>).
    /// </summary>
    public static StringBuilder WriteText(StringBuilder builder, CompilationDocument compilation, bool plain = false)
    {
        var separate = CleanTextRenderer.WriteHead(builder, compilation.Source);
        foreach (var item in compilation.Items)
        {
            if (separate)
            {
                builder.Append("\n\n");
            }

            separate = true;
            var start = builder.Length;
            switch (item)
            {
                case CompilationBlock block:
                    CleanTextRenderer.AppendLabel(builder, block.Block.DisplayLabel, block.Block.Text.Length > 0);
                    foreach (var piece in block.Pieces)
                    {
                        builder.Append(piece switch
                        {
                            TextPiece text => text.Text,
                            ChangePiece change => Compilation.Inline(change),
                            _ => string.Empty,
                        });
                    }

                    foreach (var note in block.Notes)
                    {
                        builder.Append("\n> ").Append(Compilation.Describe(note));
                    }

                    if (compilation.OpenCommentsOn(block.Block.Id) is > 0 and var comments)
                    {
                        builder.Append("\n> ").Append(CompilationDocument.DescribeComments(comments));
                    }

                    break;
                case ProposedParagraph proposed:
                    CleanTextRenderer.AppendLabel(builder, proposed.ProvisionalLabel is null ? null : proposed.ProvisionalLabel + ".", true);
                    builder.Append(AmendmentText.Bracket(proposed.Pending.Change.Text!))
                        .Append(" (").Append(Compilation.Attribution(proposed.Pending)).Append("; new paragraph)");
                    break;
            }

            if (plain)
            {
                var written = builder.ToString(start, builder.Length - start);
                builder.Length = start;
                builder.Append(BracketedText.ReferencesAsLabels(written));
            }
        }

        return builder.Append('\n');
    }

    public static StringBuilder WriteHtml(StringBuilder builder, CompilationDocument compilation)
    {
        var h = CleanTextRenderer.Html;
        CleanTextRenderer.WriteHtmlHead(builder, compilation.Source, compilation.Source.Symbol + " — compilation", "document compilation");
        foreach (var item in compilation.Items)
        {
            switch (item)
            {
                case CompilationBlock block:
                    AppendHtmlBlock(builder, block);
                    if (compilation.OpenCommentsOn(block.Block.Id) is > 0 and var comments)
                    {
                        builder.Append("<p class=\"open-comments\" data-block=\"").Append(block.Block.Id).Append("\" data-count=\"")
                            .Append(comments).Append("\">").Append(CompilationDocument.DescribeComments(comments)).Append("</p>\n");
                    }

                    break;
                case ProposedParagraph proposed:
                    builder.Append("<p class=\"paragraph proposed\"");
                    Attributes(builder, proposed.Pending);
                    builder.Append('>');
                    if (proposed.ProvisionalLabel is { } label)
                    {
                        builder.Append("<span class=\"label\">").Append(h(label)).Append(".</span> ");
                    }

                    builder.Append("<ins");
                    Attributes(builder, proposed.Pending);
                    builder.Append('>').Append(h(proposed.Pending.Change.Text!)).Append("</ins> ");
                    AppendAttribution(builder, proposed.Pending, false);
                    builder.Append("</p>\n");
                    break;
            }
        }

        return builder.Append("</article>\n</body>\n</html>\n");
    }

    private static void AppendHtmlBlock(StringBuilder builder, CompilationBlock item)
    {
        var h = CleanTextRenderer.Html;
        var block = item.Block;
        var tag = block.Kind == BlockKind.Heading ? "h" + Math.Clamp((block.Level ?? 1) + 1, 2, 6) : "p";
        builder.Append('<').Append(tag).Append(" class=\"").Append(block.Kind == BlockKind.Heading ? "heading" : "paragraph")
            .Append("\" id=\"block-").Append(block.Id).Append("\">");
        if (block.DisplayLabel is { } label)
        {
            builder.Append("<span class=\"label\">").Append(h(label)).Append("</span>");
            if (block.Text.Length > 0)
            {
                builder.Append(' ');
            }
        }

        foreach (var piece in item.Pieces)
        {
            if (piece is TextPiece text)
            {
                builder.Append(h(text.Text));
                continue;
            }

            var change = (ChangePiece)piece;
            var c = change.Pending.Change;
            if (c.Kind == AmendmentKind.Insert && c.Placement == Placement.After)
            {
                builder.Append(h(change.Original));
            }

            if (c.Kind is AmendmentKind.Delete or AmendmentKind.Replace)
            {
                builder.Append("<del");
                Attributes(builder, change.Pending);
                builder.Append('>').Append(h(change.Original)).Append("</del>");
            }

            if (c.Kind is AmendmentKind.Insert or AmendmentKind.Replace)
            {
                builder.Append("<ins");
                Attributes(builder, change.Pending);
                builder.Append('>').Append(h(c.Text!)).Append("</ins>");
            }

            AppendAttribution(builder, change.Pending, c.Kind == AmendmentKind.Delete);
            if (c.Kind == AmendmentKind.Insert && c.Placement == Placement.Before)
            {
                builder.Append(h(change.Original));
            }
        }

        builder.Append("</").Append(tag).Append(">\n");
        if (item.Notes.Count > 0)
        {
            builder.Append("<aside class=\"amendment-notes\" data-block=\"").Append(block.Id).Append("\">\n");
            foreach (var note in item.Notes)
            {
                builder.Append("<p class=\"amendment-note ").Append(note.Kind.ToString().ToLowerInvariant()).Append('"');
                Attributes(builder, note.Pending);
                builder.Append('>').Append(h(Compilation.Describe(note))).Append("</p>\n");
            }

            builder.Append("</aside>\n");
        }
    }

    private static void AppendAttribution(StringBuilder builder, PendingChange pending, bool deletion) =>
        builder.Append(" <span class=\"attribution\">(").Append(CleanTextRenderer.Html(Compilation.Attribution(pending, deletion))).Append(")</span>");

    private static void Attributes(StringBuilder builder, PendingChange pending)
    {
        var h = CleanTextRenderer.Html;
        builder.Append(" data-amendment=\"").Append(pending.Id).Append("\" data-number=\"").Append(pending.Number)
            .Append("\" data-kind=\"").Append(h(Kind(pending.Change.Kind)))
            .Append("\" data-proposer=\"").Append(h(pending.Proposer))
            .Append("\" data-cosponsors=\"").Append(h(string.Join(' ', pending.Cosponsors)))
            .Append("\" data-supporters=\"").Append(h(string.Join(' ', pending.Stances.Support)))
            .Append("\" data-opposers=\"").Append(h(string.Join(' ', pending.Stances.Oppose)))
            .Append("\" data-reserving=\"").Append(h(string.Join(' ', pending.Stances.Reserve))).Append('"');
    }

    public static string Kind(AmendmentKind kind) => kind switch
    {
        AmendmentKind.Insert => "insert",
        AmendmentKind.Delete => "delete",
        AmendmentKind.Replace => "replace",
        AmendmentKind.AddParagraph => "addParagraph",
        AmendmentKind.DeleteParagraph => "deleteParagraph",
        _ => "replaceParagraph",
    };
}

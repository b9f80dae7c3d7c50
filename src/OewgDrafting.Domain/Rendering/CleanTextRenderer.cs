using System.Text;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Rendering;

/// <summary>Renders the clean text: every decided change applied, unresolved brackets kept.</summary>
public static class CleanTextRenderer
{
    /// <summary>The seed's own layout: front matter, title, headings and <c>N. text</c> paragraphs, a blank line between blocks.</summary>
    public static string ToMarkdown(TextDocument document) => WriteMarkdown(new StringBuilder(), document).ToString();

    /// <summary>The same layout for reading, with references as their label only.</summary>
    public static string ToPlainText(TextDocument document) => WritePlainText(new StringBuilder(), document).ToString();

    public static StringBuilder WriteMarkdown(StringBuilder builder, TextDocument document) => WriteLines(builder, document, plain: false);

    public static StringBuilder WritePlainText(StringBuilder builder, TextDocument document) => WriteLines(builder, document, plain: true);

    private static StringBuilder WriteLines(StringBuilder builder, TextDocument document, bool plain)
    {
        var separate = WriteHead(builder, document);
        foreach (var block in document.Blocks)
        {
            if (separate)
            {
                builder.Append("\n\n");
            }

            separate = true;
            AppendLine(builder, block, plain);
        }

        if (document.Colophon is { } colophon)
        {
            builder.Append("\n\n").Append(colophon);
        }

        builder.Append('\n');
        return builder;
    }

    /// <summary>
    /// Front-matter lines (a group's lines together, groups apart by a blank line) and the title, as the
    /// issued document prints them. Returns whether anything was written, so that blocks know to separate.
    /// </summary>
    internal static bool WriteHead(StringBuilder builder, TextDocument document)
    {
        var written = false;
        int? group = null;
        foreach (var line in document.FrontMatter)
        {
            if (written)
            {
                builder.Append(group == line.Group ? "\n" : "\n\n");
            }

            group = line.Group;
            builder.Append(line.Text);
            written = true;
        }

        if (document.Title.Length > 0)
        {
            if (written)
            {
                builder.Append("\n\n");
            }

            builder.Append(document.Title);
            written = true;
        }

        return written;
    }

    /// <summary>The page, the article and its header (front matter and title as h1), up to the first block.</summary>
    internal static void WriteHtmlHead(StringBuilder builder, TextDocument document, string pageTitle, string articleClass)
    {
        var lang = Attr(document.Language);
        var dir = TextDirection.IsRightToLeft(document.Language) ? "\" dir=\"rtl" : string.Empty;
        builder.Append("<!DOCTYPE html>\n<html lang=\"").Append(lang).Append(dir).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Html(pageTitle)).Append("</title>\n</head>\n<body>\n")
            .Append("<article class=\"").Append(articleClass).Append("\" data-symbol=\"").Append(Attr(document.Symbol))
            .Append("\" lang=\"").Append(lang).Append(dir).Append("\">\n<header>\n");
        foreach (var line in document.FrontMatter)
        {
            builder.Append("<p class=\"front-matter\" data-key=\"").Append(Attr(line.Key)).Append("\">")
                .Append(Html(line.Text)).Append("</p>\n");
        }

        builder.Append("<h1 class=\"title\">").Append(Html(document.Title)).Append("</h1>\n</header>\n");
    }

    /// <summary>"I.", "1." or "Anexo", and a space when text follows.</summary>
    internal static void AppendLabel(StringBuilder builder, string? label, bool hasText)
    {
        if (label is not null)
        {
            builder.Append(label);
            if (hasText)
            {
                builder.Append(' ');
            }
        }
    }

    private static void AppendLine(StringBuilder builder, TextBlock block, bool plain)
    {
        AppendLabel(builder, block.DisplayLabel, block.Text.Length > 0 || block.Translation is not null);
        if (block.Translation is { } mark)
        {
            builder.Append(mark.Marker);
            if (block.Text.Length > 0)
            {
                builder.Append(' ');
            }
        }

        if (!plain)
        {
            builder.Append(block.Text);
            return;
        }

        AppendPlain(builder, block.Parsed.Segments);
    }

    private static void AppendPlain(StringBuilder builder, IReadOnlyList<Segment> segments)
    {
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case TextSegment text:
                    builder.Append(text.Raw);
                    break;
                case ReferenceSegment reference:
                    builder.Append(reference.Label);
                    break;
                case BracketSegment bracket:
                    builder.Append('[');
                    for (var i = 0; i < bracket.Alternatives.Count; i++)
                    {
                        if (i > 0)
                        {
                            builder.Append(" / ");
                        }

                        AppendPlain(builder, bracket.Alternatives[i].Segments);
                    }

                    builder.Append(']');
                    break;
            }
        }
    }

    /// <summary>A complete, semantic HTML page: every piece of text is escaped; brackets and alternatives are marked.</summary>
    public static string ToHtml(TextDocument document) => WriteHtml(new StringBuilder(), document).ToString();

    public static StringBuilder WriteHtml(StringBuilder builder, TextDocument document)
    {
        WriteHtmlHead(builder, document, document.Symbol + " — " + document.Title, "document");

        foreach (var block in document.Blocks)
        {
            AppendHtmlBlock(builder, block);
        }

        if (document.Colophon is { } colophon)
        {
            builder.Append("<footer class=\"adoption\">").Append(Html(colophon)).Append("</footer>\n");
        }

        builder.Append("</article>\n</body>\n</html>\n");
        return builder;
    }

    private static void AppendHtmlBlock(StringBuilder builder, TextBlock block)
    {
        string tag;
        if (block.Kind == BlockKind.Heading)
        {
            // The document title is the page's h1; heading level 1 is h2.
            tag = "h" + Math.Clamp((block.Level ?? 1) + 1, 2, 6);
            builder.Append('<').Append(tag).Append(" class=\"heading\" id=\"block-").Append(block.Id).Append('"');
        }
        else
        {
            tag = "p";
            builder.Append("<p class=\"paragraph").Append(block.Label is null ? " unnumbered" : string.Empty)
                .Append("\" id=\"block-").Append(block.Id).Append('"');
            if (block.Label is not null)
            {
                builder.Append(" data-label=\"").Append(Attr(block.Label)).Append('"');
            }
        }

        if (block.Translation is { } mark)
        {
            builder.Append(" data-translation=\"").Append(mark.Name).Append('"');
            if (mark.TextLanguage is { } textLanguage)
            {
                builder.Append(" lang=\"").Append(Attr(textLanguage)).Append('"')
                    .Append(TextDirection.IsRightToLeft(textLanguage) ? " dir=\"rtl\"" : " dir=\"ltr\"");
            }
        }

        builder.Append('>');
        if (block.DisplayLabel is { } label)
        {
            builder.Append("<span class=\"label\">").Append(Html(label)).Append("</span>");
            if (block.Text.Length > 0 || block.Translation is not null)
            {
                builder.Append(' ');
            }
        }

        if (block.Translation is { } shown)
        {
            builder.Append("<span class=\"translation-state ").Append(shown.Name).Append("\">").Append(Html(shown.Marker)).Append("</span>");
            if (block.Text.Length > 0)
            {
                builder.Append(' ');
            }
        }

        AppendHtmlSegments(builder, block.Parsed.Segments);
        builder.Append("</").Append(tag).Append(">\n");
    }

    internal static void AppendHtmlSegments(StringBuilder builder, IReadOnlyList<Segment> segments)
    {
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case TextSegment text:
                    builder.Append(Html(text.Value));
                    break;
                case ReferenceSegment reference:
                    var label = Html(BracketedText.Unescape(reference.Label));
                    if (SafeHref(reference.Target) is { } href)
                    {
                        builder.Append("<a class=\"reference\" href=\"").Append(Attr(href)).Append("\">").Append(label).Append("</a>");
                    }
                    else
                    {
                        builder.Append("<span class=\"reference\">").Append(label).Append("</span>");
                    }

                    break;
                case BracketSegment bracket:
                    var many = bracket.Alternatives.Count > 1;
                    builder.Append("<span class=\"bracket").Append(many ? " alternatives" : string.Empty)
                        .Append("\" data-bracket=\"").Append(bracket.Index).Append("\">[");
                    for (var i = 0; i < bracket.Alternatives.Count; i++)
                    {
                        if (i > 0)
                        {
                            builder.Append("<span class=\"separator\"> / </span>");
                        }

                        if (many)
                        {
                            builder.Append("<span class=\"alternative\" data-alternative=\"").Append(i).Append("\">");
                        }

                        AppendHtmlSegments(builder, bracket.Alternatives[i].Segments);
                        if (many)
                        {
                            builder.Append("</span>");
                        }
                    }

                    builder.Append("]</span>");
                    break;
            }
        }
    }

    /// <summary>Only links that cannot run script: fragments, relative paths and http(s).</summary>
    public static string? SafeHref(string target)
    {
        if (target.StartsWith('#') || target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal))
        {
            return target;
        }

        if (Uri.TryCreate(target, UriKind.Absolute, out var uri))
        {
            return uri.Scheme is "http" or "https" ? target : null;
        }

        return target.Contains(':', StringComparison.Ordinal) ? null : target;
    }

    /// <summary>
    /// Escapes the five characters that matter in UTF-8 HTML text and attributes. (WebUtility.HtmlEncode
    /// would also turn every accented letter of a Spanish text into a numeric entity.)
    /// </summary>
    public static string Html(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var entity = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (entity is not null)
            {
                builder.Append(text, start, i - start).Append(entity);
                start = i + 1;
            }
        }

        return builder.Append(text, start, text.Length - start).ToString();
    }

    private static string Attr(string text) => Html(text);
}


using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using BlockKind = OewgDrafting.Domain.Documents.BlockKind;
using OewgDrafting.Domain.Rendering;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Formats;

/// <summary>
/// Builds Word documents (WordprocessingML) in the layout of a UN document: the symbol in the page header, the
/// front matter, the title, headings and paragraphs with their labels typed before a tab, brackets as typed, and
/// references as hyperlinks. The clean text, the compilation and the redline share this writer; they differ only
/// in what they put in the body (<see cref="WordCompilation"/>, <see cref="WordRedline"/>).
/// </summary>
public sealed class WordWriter : IDisposable
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Style ids; the importer reads them back (<see cref="WordImporter"/>).</summary>
    public const string FrontMatterStyle = "UNFrontMatter";
    public const string ParagraphStyle = "UNParagraph";
    public const string TitleStyle = "Title";
    public const string SymbolStyle = "UNSymbol";

    private readonly MemoryStream _stream = new();
    private readonly WordprocessingDocument _package;
    private readonly MainDocumentPart _main;
    private readonly Body _body = new();
    private readonly TextDocument _document;
    private Comments? _comments;
    private int _revision;
    private int _comment;

    public WordWriter(TextDocument document)
    {
        _document = document;
        _package = WordprocessingDocument.Create(_stream, WordprocessingDocumentType.Document);
        _main = _package.AddMainDocumentPart();
        _main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(_body);
        AddStyles(document.Language);
        AddSymbolHeader(document.Symbol);
        _package.PackageProperties.Title = document.Title.Length > 0 ? document.Title : document.Symbol;
        _package.PackageProperties.Subject = document.Symbol;
        _package.PackageProperties.Creator = "OewgDrafting";
        _package.PackageProperties.Language = document.Language;
    }

    public Body Body => _body;

    /// <summary>The front matter (each group apart by an empty paragraph) and the title.</summary>
    public void WriteHead()
    {
        int? group = null;
        foreach (var line in _document.FrontMatter)
        {
            if (group is not null && group != line.Group)
            {
                _body.Append(StyledParagraph(FrontMatterStyle));
            }

            group = line.Group;
            _body.Append(StyledParagraph(FrontMatterStyle, Plain(line.Text)));
        }

        if (_document.Title.Length > 0)
        {
            _body.Append(StyledParagraph(TitleStyle, Plain(_document.Title)));
        }
    }

    /// <summary>The style of a block: Heading1, Heading2… for headings, the numbered-paragraph style for paragraphs.</summary>
    public static string StyleOf(TextBlock block) => block.Kind == BlockKind.Heading
        ? "Heading" + Math.Clamp(block.Level ?? 1, 1, 9).ToString(CultureInfo.InvariantCulture)
        : ParagraphStyle;

    /// <summary>What goes before the text: the label and a tab (<c>I.</c>, <c>Anexo</c>, <c>5 bis.</c>), or nothing.</summary>
    public static string? Prefix(TextBlock block) => block.DisplayLabel is { } label ? label + (block.Text.Length > 0 ? "\t" : "") : null;

    /// <summary>A block of the clean text.</summary>
    public Paragraph BlockParagraph(TextBlock block)
    {
        var paragraph = StyledParagraph(StyleOf(block));
        if (Prefix(block) is { } prefix)
        {
            paragraph.Append(Plain(prefix));
        }

        paragraph.Append(Source(block.Text));
        return paragraph;
    }

    public static Paragraph StyledParagraph(string style, params OpenXmlElement[] content)
    {
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        paragraph.Append(content);
        return paragraph;
    }

    /// <summary>Text as it is (a tab becomes a tab stop).</summary>
    public static Run Plain(string text) => new(TextElements(text, deleted: false));

    /// <summary>Deleted text, for a tracked deletion.</summary>
    public static Run Deleted(string text) => new(TextElements(text, deleted: true));

    private static IEnumerable<OpenXmlElement> TextElements(string text, bool deleted)
    {
        var parts = text.Split('\t');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                yield return new TabChar();
            }

            if (parts[i].Length > 0)
            {
                yield return deleted
                    ? new DeletedText(parts[i]) { Space = SpaceProcessingModeValues.Preserve }
                    : new Text(parts[i]) { Space = SpaceProcessingModeValues.Preserve };
            }
        }
    }

    /// <summary>
    /// A piece of negotiated text as typed, brackets included, with its references <c>[label](target)</c> as
    /// hyperlinks (a target that is not a URI stays typed, so that nothing is lost).
    /// </summary>
    public IEnumerable<OpenXmlElement> Source(string text)
    {
        var parsed = BracketedText.ParseLenient(text);
        var references = new List<ReferenceSegment>();
        CollectReferences(parsed.Segments, references);
        var position = 0;
        foreach (var reference in references.OrderBy(r => r.Start))
        {
            if (reference.Start > position)
            {
                yield return Plain(text[position..reference.Start]);
            }

            yield return Hyperlink(reference.Label, reference.Target) ?? (OpenXmlElement)Plain(text[reference.Start..reference.End]);
            position = reference.End;
        }

        if (position < text.Length)
        {
            yield return Plain(text[position..]);
        }
    }

    private static void CollectReferences(IEnumerable<Segment> segments, List<ReferenceSegment> into)
    {
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case ReferenceSegment reference:
                    into.Add(reference);
                    break;
                case BracketSegment bracket:
                    foreach (var alternative in bracket.Alternatives)
                    {
                        CollectReferences(alternative.Segments, into);
                    }

                    break;
            }
        }
    }

    private Hyperlink? Hyperlink(string label, string target)
    {
        if (!Uri.TryCreate(target, UriKind.RelativeOrAbsolute, out var uri) || target.Any(char.IsWhiteSpace))
        {
            return null;
        }

        var relationship = _main.AddHyperlinkRelationship(uri, isExternal: true);
        return new Hyperlink(new Run(new RunProperties(new RunStyle { Val = "Hyperlink" }), new Text(label) { Space = SpaceProcessingModeValues.Preserve }))
        {
            Id = relationship.Id,
        };
    }

    /// <summary>A tracked insertion of <paramref name="runs"/> by <paramref name="author"/>.</summary>
    public InsertedRun Inserted(string author, DateTimeOffset? date, params OpenXmlElement[] runs)
    {
        var inserted = new InsertedRun { Author = author, Id = NextRevision() };
        if (date is { } d)
        {
            inserted.Date = d.UtcDateTime;
        }

        inserted.Append(runs);
        return inserted;
    }

    /// <summary>A tracked deletion of <paramref name="text"/> by <paramref name="author"/>.</summary>
    public DeletedRun DeletedRun(string author, DateTimeOffset? date, string text)
    {
        var deleted = new DeletedRun(Deleted(text)) { Author = author, Id = NextRevision() };
        if (date is { } d)
        {
            deleted.Date = d.UtcDateTime;
        }

        return deleted;
    }

    /// <summary>Marks a paragraph as inserted (accepting keeps it, rejecting removes it with its text).</summary>
    public void MarkInserted(Paragraph paragraph, string author, DateTimeOffset? date)
    {
        var mark = new Inserted { Author = author, Id = NextRevision() };
        if (date is { } d)
        {
            mark.Date = d.UtcDateTime;
        }

        MarkRun(paragraph).Append(mark);
    }

    /// <summary>Marks a paragraph as deleted (accepting joins it away, rejecting keeps it).</summary>
    public void MarkDeleted(Paragraph paragraph, string author, DateTimeOffset? date)
    {
        var mark = new Deleted { Author = author, Id = NextRevision() };
        if (date is { } d)
        {
            mark.Date = d.UtcDateTime;
        }

        MarkRun(paragraph).Append(mark);
    }

    private static ParagraphMarkRunProperties MarkRun(Paragraph paragraph)
    {
        var properties = paragraph.ParagraphProperties ?? paragraph.PrependChild(new ParagraphProperties());
        return properties.ParagraphMarkRunProperties ?? properties.AppendChild(new ParagraphMarkRunProperties());
    }

    /// <summary>A comment around <paramref name="content"/> in <paramref name="paragraph"/>: its text is one paragraph per line.</summary>
    public void Comment(Paragraph paragraph, IEnumerable<OpenXmlElement> content, string author, DateTimeOffset? date, IEnumerable<string> lines)
    {
        if (_comments is null)
        {
            var part = _main.AddNewPart<WordprocessingCommentsPart>();
            part.Comments = _comments = new Comments();
        }

        var id = (_comment++).ToString(CultureInfo.InvariantCulture);
        var comment = new Comment { Id = id, Author = author, Initials = author.Length > 9 ? author[..9] : author };
        if (date is { } d)
        {
            comment.Date = d.UtcDateTime;
        }

        foreach (var line in lines)
        {
            comment.Append(new Paragraph(Plain(line)));
        }

        _comments.Append(comment);
        paragraph.Append(new CommentRangeStart { Id = id });
        paragraph.Append(content);
        paragraph.Append(new CommentRangeEnd { Id = id });
        paragraph.Append(new Run(new CommentReference { Id = id }));
    }

    private string NextRevision() => (++_revision).ToString(CultureInfo.InvariantCulture);

    /// <summary>The finished package.</summary>
    public byte[] ToBytes()
    {
        _body.Append(new SectionProperties(
            new HeaderReference { Type = HeaderFooterValues.Default, Id = _main.GetIdOfPart(_main.HeaderParts.First()) },
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 1440, Right = 1134U, Bottom = 1440, Left = 1134U, Header = 720U, Footer = 720U, Gutter = 0U }));
        _package.Dispose();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _package.Dispose();
        _stream.Dispose();
    }

    private void AddSymbolHeader(string symbol)
    {
        var header = _main.AddNewPart<HeaderPart>();
        header.Header = new Header(StyledParagraph(SymbolStyle, Plain(symbol)));
    }

    private void AddStyles(string language)
    {
        var part = _main.AddNewPart<StyleDefinitionsPart>();
        var rtl = language.StartsWith("ar", StringComparison.OrdinalIgnoreCase) || language.StartsWith("he", StringComparison.OrdinalIgnoreCase);
        part.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman" },
                    new FontSize { Val = "20" },
                    new Languages { Val = language, EastAsia = language, Bidi = language })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "240", LineRule = LineSpacingRuleValues.Auto }))),
            ParagraphStyleOf("Normal", "Normal", basedOn: null, isDefault: true, rtl: rtl),
            ParagraphStyleOf(FrontMatterStyle, "UN front matter", "Normal"),
            ParagraphStyleOf(SymbolStyle, "UN symbol", "Normal", jc: JustificationValues.Right),
            ParagraphStyleOf(TitleStyle, "Title", "Normal", bold: true, size: "28", outline: null),
            ParagraphStyleOf("Heading1", "heading 1", "Normal", bold: true, size: "24", outline: 0),
            ParagraphStyleOf("Heading2", "heading 2", "Normal", bold: true, size: "22", outline: 1),
            ParagraphStyleOf("Heading3", "heading 3", "Normal", bold: true, size: "20", outline: 2),
            ParagraphStyleOf(ParagraphStyle, "UN numbered paragraph", "Normal", hanging: true),
            new Style(new StyleName { Val = "Hyperlink" }, new StyleRunProperties(new Color { Val = "0563C1" }, new Underline { Val = UnderlineValues.Single }))
            {
                Type = StyleValues.Character,
                StyleId = "Hyperlink",
            });
    }

    private static Style ParagraphStyleOf(string id, string name, string? basedOn, bool isDefault = false, bool bold = false, string? size = null,
        int? outline = null, bool hanging = false, bool rtl = false, JustificationValues? jc = null)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id };
        if (isDefault)
        {
            style.Default = true;
        }

        style.Append(new StyleName { Val = name });
        if (basedOn is not null)
        {
            style.Append(new BasedOn { Val = basedOn });
        }

        style.Append(new PrimaryStyle());
        var paragraph = new StyleParagraphProperties();
        if (outline is not null)
        {
            paragraph.Append(new KeepNext());
        }

        if (hanging)
        {
            paragraph.Append(new Tabs(new TabStop { Val = TabStopValues.Left, Position = 567 }));
        }

        if (rtl)
        {
            paragraph.Append(new BiDi());
        }

        if (hanging)
        {
            paragraph.Append(new Indentation { Left = "567", Hanging = "567" });
        }

        if (jc is { } justification)
        {
            paragraph.Append(new Justification { Val = justification });
        }

        if (outline is { } level)
        {
            paragraph.Append(new OutlineLevel { Val = level });
        }

        style.Append(paragraph);
        if (bold || size is not null)
        {
            var run = new StyleRunProperties();
            if (bold)
            {
                run.Append(new Bold());
            }

            if (size is not null)
            {
                run.Append(new FontSize { Val = size });
            }

            style.Append(run);
        }

        return style;
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Import;

namespace OewgDrafting.Api.Features.Formats;

/// <summary>
/// Reads a Word document (.docx) into a document's blocks, with the rules of the text importer
/// (<see cref="UnDocumentImporter.Import(IReadOnlyList{SourceLine})"/>) and what the file's format adds: headings
/// by style or outline level, paragraph numbers from Word's automatic numbering (<c>numbering.xml</c>: levels,
/// formats, restarts), hyperlinks as <c>[label](target)</c>, the symbol from the page header. Non-breaking spaces
/// become spaces, soft hyphens go, runs are joined. What the model cannot hold (tables, footnotes, comments,
/// images) is reported as a warning naming where it was; unaccepted tracked changes refuse the file. A file that is
/// not a sound package (truncated, another format renamed, a zip or XML bomb) is refused before anything is read.
/// </summary>
public static partial class WordImporter
{
    /// <summary>Largest total the package's parts may expand to.</summary>
    public const long MaxExpandedBytes = 64L * 1024 * 1024;

    /// <summary>Largest expansion of one part relative to its compressed size (text compresses well, not this well).</summary>
    public const int MaxCompressionRatio = 200;

    public static ImportedDocument Import(byte[] package)
    {
        CheckPackage(package);
        try
        {
            using var stream = new MemoryStream(package, writable: false);
            using var document = WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxExpandedBytes / 2 });
            var main = document.MainDocumentPart ?? throw NotWord("it has no main document part");
            var body = main.Document?.Body ?? throw NotWord("it has no document body");
            RefuseTrackedChanges(body);
            return Read(main, body);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or XmlException or FileFormatException or IOException
                                      or InvalidOperationException or ArgumentException)
        {
            throw NotWord(e is XmlException ? "its XML is not well formed or declares entities" : "it is not a valid Office Open XML package");
        }
    }

    private static BadHttpRequestException NotWord(string why) =>
        new($"The body is not a Word document that can be read: {why}. Send a .docx file saved by a word processor.", StatusCodes.Status400BadRequest);

    /// <summary>A ZIP archive whose declared sizes stay within bounds: a bomb is refused before a byte of it is expanded.</summary>
    private static void CheckPackage(byte[] package)
    {
        if (package.Length < 4 || package[0] != 'P' || package[1] != 'K')
        {
            throw NotWord("it is not a ZIP package (a .docx file is one)");
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (total > MaxExpandedBytes || zip.Entries.Count > 10_000
                    || (entry.Length > 1024 * 1024 && entry.Length > (long)MaxCompressionRatio * Math.Max(1, entry.CompressedLength)))
                {
                    throw new BadHttpRequestException(
                        $"The package expands beyond what a negotiated text needs (at most {MaxExpandedBytes / (1024 * 1024)} MiB, "
                        + $"{MaxCompressionRatio} times a part's compressed size): it was not read.", StatusCodes.Status413PayloadTooLarge);
                }
            }
        }
        catch (InvalidDataException)
        {
            throw NotWord("the ZIP archive is damaged or truncated");
        }
    }

    private static void RefuseTrackedChanges(Body body)
    {
        var tracked = body.Descendants().FirstOrDefault(e => e is InsertedRun or DeletedRun or MoveFromRun or MoveToRun or Inserted or Deleted
            or ParagraphPropertiesChange or RunPropertiesChange);
        if (tracked is not null)
        {
            throw new DomainValidationException("body",
                "The document has tracked changes that are not accepted or rejected: accept or reject them in Word (Review > Accept / Reject all), save, and import again.");
        }
    }

    private static ImportedDocument Read(MainDocumentPart main, Body body)
    {
        var styles = new StyleResolver(main.StyleDefinitionsPart?.Styles);
        var numbering = new NumberingResolver(main.NumberingDefinitionsPart?.Numbering);
        var links = main.HyperlinkRelationships.ToDictionary(r => r.Id, r => r.Uri.OriginalString, StringComparer.Ordinal);
        var lines = new List<SourceLine>();
        var warnings = new List<ImportWarning>();
        foreach (var element in body.ChildElements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    lines.Add(Line(paragraph, styles, numbering, links, lines.Count + 1, warnings));
                    break;
                case Table:
                    warnings.Add(new ImportWarning(lines.Count + 1, $"A table after paragraph {lines.Count} was not imported: the text model has no tables."));
                    break;
                case SdtBlock sdt:
                    foreach (var inner in sdt.Descendants<Paragraph>())
                    {
                        lines.Add(Line(inner, styles, numbering, links, lines.Count + 1, warnings));
                    }

                    break;
            }
        }

        var imported = UnDocumentImporter.Import(lines);
        var symbol = imported.Symbol ?? HeaderSymbol(main);
        var language = imported.Language ?? styles.Language;
        return imported with { Symbol = symbol, Language = language, Warnings = [.. warnings, .. imported.Warnings] };
    }

    private static SourceLine Line(Paragraph paragraph, StyleResolver styles, NumberingResolver numbering, IReadOnlyDictionary<string, string> links,
        int index, List<ImportWarning> warnings)
    {
        var text = new StringBuilder();
        var notes = new HashSet<string>(StringComparer.Ordinal);
        Append(paragraph, text, links, notes);
        foreach (var note in notes)
        {
            warnings.Add(new ImportWarning(index, $"{note} in paragraph {index} was not imported."));
        }

        var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        var level = paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } outline and < 9 ? outline + 1 : styles.HeadingLevel(styleId);
        var numberProperties = paragraph.ParagraphProperties?.NumberingProperties ?? styles.Numbering(styleId);
        var label = numberProperties is { NumberingId.Val.Value: var numId and > 0 }
            ? numbering.Next(numId, numberProperties.NumberingLevelReference?.Val?.Value ?? 0)
            : null;
        return new SourceLine(Normalise(text.ToString()), level, label);
    }

    private static void Append(OpenXmlElement element, StringBuilder text, IReadOnlyDictionary<string, string> links, HashSet<string> notes)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar or PositionalTab:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append(' ');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
                case SoftHyphen:
                    break;
                case Hyperlink link:
                {
                    var label = new StringBuilder();
                    Append(link, label, links, notes);
                    var target = link.Id?.Value is { } id && links.TryGetValue(id, out var uri) ? uri
                        : link.Anchor?.Value is { } anchor ? "#" + anchor : null;
                    text.Append(target is null ? label.ToString() : $"[{label}]({target})");
                    break;
                }

                case FootnoteReference or EndnoteReference:
                    notes.Add(child is FootnoteReference ? "A footnote" : "An endnote");
                    break;
                case CommentReference or CommentRangeStart:
                    notes.Add("A comment");
                    break;
                case Drawing or Picture or EmbeddedObject:
                    notes.Add("An image or object");
                    break;
                case ParagraphProperties or RunProperties or FieldCode or DeletedFieldCode:
                    break;
                default:
                    Append(child, text, links, notes);
                    break;
            }
        }
    }

    /// <summary>Non-breaking spaces become spaces, soft hyphens and zero-width characters go.</summary>
    public static string Normalise(string text) =>
        text.Replace('\u00A0', ' ').Replace('\u202F', ' ').Replace("\u00AD", "", StringComparison.Ordinal)
            .Replace("\u200B", "", StringComparison.Ordinal).Replace("\uFEFF", "", StringComparison.Ordinal);

    private static string? HeaderSymbol(MainDocumentPart main) =>
        main.HeaderParts.SelectMany(h => h.Header?.Descendants<Paragraph>() ?? []).Select(p => p.InnerText.Trim())
            .FirstOrDefault(t => Symbol().IsMatch(t));

    [GeneratedRegex(@"^[A-Z]{1,6}(/[A-Za-z0-9.\-]+){2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Symbol();

    /// <summary>Heading levels and numbering that paragraphs inherit from their styles (through basedOn), and the document's language.</summary>
    private sealed partial class StyleResolver(Styles? styles)
    {
        private readonly Dictionary<string, Style> _byId = styles?.Elements<Style>().Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal) ?? [];

        public string? Language => styles?.DocDefaults?.RunPropertiesDefault?.RunPropertiesBaseStyle?.GetFirstChild<Languages>()?.Val?.Value?.Split('-')[0];

        public int? HeadingLevel(string? styleId)
        {
            for (var (style, depth) = (Find(styleId), 0); style is not null && depth < 10; style = Find(style.BasedOn?.Val?.Value), depth++)
            {
                if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } level and < 9)
                {
                    return level + 1;
                }

                if (HeadingName().Match(style.StyleName?.Val?.Value ?? style.StyleId?.Value ?? "") is { Success: true } named)
                {
                    return int.Parse(named.Groups["level"].Value, CultureInfo.InvariantCulture);
                }
            }

            return null;
        }

        public NumberingProperties? Numbering(string? styleId)
        {
            for (var (style, depth) = (Find(styleId), 0); style is not null && depth < 10; style = Find(style.BasedOn?.Val?.Value), depth++)
            {
                if (style.StyleParagraphProperties?.NumberingProperties is { } numbering)
                {
                    return numbering;
                }
            }

            return null;
        }

        private Style? Find(string? id) => id is not null && _byId.TryGetValue(id, out var style) ? style : null;

        [GeneratedRegex(@"^(heading|Heading|Título|Titre|Überschrift|Заголовок)\s?(?<level>[1-9])$", RegexOptions.CultureInvariant)]
        private static partial Regex HeadingName();
    }

    /// <summary>
    /// Word's automatic numbering: each paragraph's <c>numId</c> and level take the next number of their list; a deeper
    /// level restarts when a shallower one moves on; a list instance with a start override starts again.
    /// </summary>
    private sealed class NumberingResolver(Numbering? numbering)
    {
        private readonly Dictionary<int, NumberingInstance> _instances = numbering?.Elements<NumberingInstance>()
            .Where(n => n.NumberID?.Value is not null).GroupBy(n => n.NumberID!.Value).ToDictionary(g => g.Key, g => g.First()) ?? [];

        private readonly Dictionary<int, AbstractNum> _abstracts = numbering?.Elements<AbstractNum>()
            .Where(a => a.AbstractNumberId?.Value is not null).GroupBy(a => a.AbstractNumberId!.Value).ToDictionary(g => g.Key, g => g.First()) ?? [];

        private readonly Dictionary<int, int?[]> _counters = [];
        private readonly HashSet<int> _started = [];

        public string? Next(int numId, int level)
        {
            if (!_instances.TryGetValue(numId, out var instance) || instance.AbstractNumId?.Val?.Value is not { } abstractId
                || !_abstracts.TryGetValue(abstractId, out var definition) || level is < 0 or > 8)
            {
                return null;
            }

            // Instances of one list continue its numbering, unless an instance says to start again.
            var overrides = instance.Elements<LevelOverride>().ToDictionary(o => o.LevelIndex?.Value ?? 0);
            var key = overrides.Count > 0 ? -numId : abstractId;
            var counters = _counters.TryGetValue(key, out var known) ? known : _counters[key] = new int?[9];
            var levels = definition.Elements<Level>().ToDictionary(l => l.LevelIndex?.Value ?? 0);
            int Start(int at) => overrides.TryGetValue(at, out var o) && o.StartOverrideNumberingValue?.Val?.Value is { } s ? s
                : levels.TryGetValue(at, out var l) && l.StartNumberingValue?.Val?.Value is { } start ? start : 1;

            counters[level] = counters[level] is { } current ? current + 1 : Start(level);
            for (var deeper = level + 1; deeper < counters.Length; deeper++)
            {
                counters[deeper] = null;
            }

            if (!levels.TryGetValue(level, out var format) || format.NumberingFormat?.Val?.Value == NumberFormatValues.Bullet
                || format.NumberingFormat?.Val?.Value == NumberFormatValues.None)
            {
                return null;
            }

            var text = format.LevelText?.Val?.Value ?? $"%{level + 1}.";
            for (var at = 0; at <= level; at++)
            {
                var value = counters[at] ?? Start(at);
                var levelFormat = levels.TryGetValue(at, out var l) ? l.NumberingFormat?.Val?.Value : null;
                text = text.Replace("%" + (at + 1).ToString(CultureInfo.InvariantCulture), Format(value, levelFormat), StringComparison.Ordinal);
            }

            return text.Trim();
        }

        private static string Format(int value, NumberFormatValues? format)
        {
            if (format == NumberFormatValues.UpperRoman)
            {
                return UnDocumentImporter.ToRoman(value);
            }

            if (format == NumberFormatValues.LowerRoman)
            {
                return UnDocumentImporter.ToRoman(value).ToLowerInvariant();
            }

            if (format == NumberFormatValues.UpperLetter || format == NumberFormatValues.LowerLetter)
            {
                var letter = ((char)('A' + ((value - 1) % 26))).ToString();
                return format == NumberFormatValues.LowerLetter ? letter.ToLowerInvariant() : letter;
            }

            return value.ToString(CultureInfo.InvariantCulture);
        }
    }
}

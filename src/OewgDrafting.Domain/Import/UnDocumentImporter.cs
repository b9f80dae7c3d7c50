using System.Text.RegularExpressions;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Import;

public sealed record ImportedBlock(BlockKind Kind, int? Level, string? Label, string Text, int Line);

public sealed record ImportWarning(int Line, string Message);

/// <summary>
/// A paragraph of a structured source (a Word document, an Akoma Ntoso file) with what its format says about it:
/// a heading level (from a style or outline level), a label its automatic numbering gives it, or an empty paragraph.
/// </summary>
public sealed record SourceLine(string Text, int? HeadingLevel = null, string? NumberLabel = null);

public sealed record ImportedDocument(
    string Title,
    string? Symbol,
    string? Language,
    IReadOnlyList<FrontMatterLine> FrontMatter,
    IReadOnlyList<ImportedBlock> Blocks,
    IReadOnlyList<ImportWarning> Warnings);

/// <summary>
/// Reads a UN document laid out like the seed: front matter lines, the title (the last front-matter
/// line before the first heading), Roman-numeral and letter headings, an annex heading followed by the
/// annex's title, numbered and unnumbered paragraphs. A paragraph that a page break split (its second
/// part starts in lower case) is joined again. Real texts are imperfect, so unbalanced brackets and odd
/// numbering are reported as warnings, never as failures.
/// </summary>
public static partial class UnDocumentImporter
{
    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Español"] = "es", ["Spanish"] = "es", ["English"] = "en", ["Inglés"] = "en", ["Français"] = "fr",
        ["French"] = "fr", ["Русский"] = "ru", ["Russian"] = "ru", ["中文"] = "zh", ["Chinese"] = "zh",
        ["العربية"] = "ar", ["Arabic"] = "ar",
    };

    public static ImportedDocument Import(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        return Import(lines.Select(l => new SourceLine(l)).ToList(), joinPageBreaks: true, unit: "line");
    }

    /// <summary>
    /// Reads a structured source paragraph by paragraph with the same rules as a text, where the format's hints win:
    /// a paragraph with a heading level is a heading of that level, one with a number label is that paragraph. Typed
    /// labels (<c>I. Introducción</c>, <c>5 bis. …</c>, a label before a tab) are read as in a text. Paragraphs are
    /// never joined: a structured source says where they end.
    /// </summary>
    public static ImportedDocument Import(IReadOnlyList<SourceLine> source) => Import(source, joinPageBreaks: false, unit: "paragraph");

    private static ImportedDocument Import(IReadOnlyList<SourceLine> source, bool joinPageBreaks, string unit)
    {
        var warnings = new List<ImportWarning>();
        var bodyStart = FindBodyStart(source);
        var (frontMatter, title, symbol, language) = ReadFrontMatter(source.Select(l => l.Text).ToArray(), bodyStart, warnings);
        var blocks = ReadBody(source, bodyStart, warnings, joinPageBreaks, unit);
        return new ImportedDocument(title, symbol, language, frontMatter, blocks, warnings);
    }

    private static int FindBodyStart(IReadOnlyList<SourceLine> lines)
    {
        var state = new HeadingState();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Text.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (lines[i].HeadingLevel is not null || lines[i].NumberLabel is not null
                || ClassifyHeading(line, state) is not null || NumberedParagraph().IsMatch(line))
            {
                return i;
            }
        }

        return lines.Count;
    }

    private static (List<FrontMatterLine> Lines, string Title, string? Symbol, string? Language) ReadFrontMatter(
        string[] lines, int bodyStart, List<ImportWarning> warnings)
    {
        var raw = new List<(string Text, int Group, int Line)>();
        var group = 0;
        var previousBlank = false;
        for (var i = 0; i < bodyStart; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                previousBlank = raw.Count > 0;
                continue;
            }

            if (previousBlank)
            {
                group++;
                previousBlank = false;
            }

            raw.Add((line, group, i + 1));
        }

        if (raw.Count == 0)
        {
            warnings.Add(new ImportWarning(1, "No front matter and no title were found before the first heading."));
            return ([], string.Empty, null, null);
        }

        var title = raw[^1].Text;
        raw.RemoveAt(raw.Count - 1);

        string? symbol = null;
        string? language = null;
        var result = new List<FrontMatterLine>(raw.Count);
        var sawOriginal = false;
        for (var i = 0; i < raw.Count; i++)
        {
            var (lineText, lineGroup, _) = raw[i];
            string key;
            if (SymbolLine().IsMatch(lineText))
            {
                key = "symbol";
                symbol ??= lineText;
            }
            else if (lineText.StartsWith("Distr.", StringComparison.Ordinal))
            {
                key = "distribution";
            }
            else if (lineText.StartsWith("Original:", StringComparison.Ordinal))
            {
                key = "originalLanguage";
                sawOriginal = true;
            }
            else if (LanguageNames.TryGetValue(lineText, out var tag))
            {
                key = "language";
                language ??= tag;
            }
            else if (DateLine().IsMatch(lineText))
            {
                key = "date";
            }
            else if (i == 0)
            {
                key = "body";
            }
            else if (SessionLine().IsMatch(lineText))
            {
                key = "session";
            }
            else if (PlaceAndDatesLine().IsMatch(lineText))
            {
                key = "placeAndDates";
            }
            else if (sawOriginal && !result.Any(l => l.Key == "committee"))
            {
                key = "committee";
            }
            else
            {
                key = "other";
            }

            result.Add(new FrontMatterLine(key, lineText, lineGroup));
        }

        return (result, title, symbol, language);
    }

    private static List<ImportedBlock> ReadBody(IReadOnlyList<SourceLine> lines, int bodyStart, List<ImportWarning> warnings, bool joinPageBreaks,
        string unit)
    {
        var blocks = new List<ImportedBlock>();
        var state = new HeadingState();
        var expectAnnexTitle = false;
        ParagraphLabel? lastLabel = null;

        for (var i = bodyStart; i < lines.Count; i++)
        {
            var line = lines[i].Text.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var lineNumber = i + 1;

            // A page break splits a paragraph; its second part starts in lower case.
            if (joinPageBreaks && blocks.Count > 0 && blocks[^1].Kind == BlockKind.Paragraph && char.IsLower(line[0]))
            {
                var previous = blocks[^1];
                blocks[^1] = previous with { Text = previous.Text + " " + line };
                continue;
            }

            if (lines[i].HeadingLevel is { } level)
            {
                // The format says it is a heading: its label is the one numbering gives it, or the one typed before it.
                var typed = ClassifyHeading(line, new HeadingState { LastRoman = level == 1 ? 0 : 1 });
                var (label, text) = lines[i].NumberLabel is { } numbered ? (numbered, line)
                    : SplitAtTab(line) is { } split ? split
                    : typed is not null ? (typed.Label, typed.Text)
                    : (null, line);
                blocks.Add(new ImportedBlock(BlockKind.Heading, level, label, text, lineNumber));
                continue;
            }

            if (lines[i].NumberLabel is { } number)
            {
                lastLabel = CheckNumbering(number.TrimEnd('.', ' '), lastLabel, lineNumber, warnings);
                blocks.Add(new ImportedBlock(BlockKind.Paragraph, null, number.TrimEnd('.', ' '), line, lineNumber));
                continue;
            }

            if (ClassifyHeading(line, state) is { } heading)
            {
                blocks.Add(heading with { Line = lineNumber });
                expectAnnexTitle = heading.Level == 1 && AnnexHeading().IsMatch(line);
                continue;
            }

            if (expectAnnexTitle && !NumberedParagraph().IsMatch(line))
            {
                // The line after "Anexo" is the annex's own title: a heading one level down, without a label.
                blocks.Add(new ImportedBlock(BlockKind.Heading, 2, null, line, lineNumber));
                expectAnnexTitle = false;
                continue;
            }

            expectAnnexTitle = false;
            var numberedLine = NumberedParagraph().Match(line);
            if (numberedLine.Success)
            {
                var label = numberedLine.Groups["label"].Value;
                lastLabel = CheckNumbering(label, lastLabel, lineNumber, warnings);
                blocks.Add(new ImportedBlock(BlockKind.Paragraph, null, label, numberedLine.Groups["text"].Value, lineNumber));
            }
            else
            {
                blocks.Add(new ImportedBlock(BlockKind.Paragraph, null, null, line, lineNumber));
            }
        }

        foreach (var block in blocks)
        {
            if (!BracketedText.TryParse(block.Text, out _, out var error))
            {
                var where = block.Label is null ? $"{unit} {block.Line}" : $"paragraph {block.Label} ({unit} {block.Line})";
                warnings.Add(new ImportWarning(block.Line, $"Unbalanced brackets in {where}: {error!.Message} The text was kept as it is."));
            }
        }

        return blocks;
    }

    private static ParagraphLabel? CheckNumbering(string label, ParagraphLabel? lastLabel, int lineNumber, List<ImportWarning> warnings)
    {
        if (!ParagraphLabel.TryParse(label, out var parsed))
        {
            return lastLabel;
        }

        if (lastLabel is not null && parsed.Ordinal == 1 && parsed.Number != lastLabel.Number + 1)
        {
            warnings.Add(new ImportWarning(lineNumber, $"Paragraph numbering jumps from {lastLabel} to {parsed}."));
        }

        return parsed;
    }

    /// <summary>A label typed before a tab: <c>I.⇥Introducción</c>, <c>Anexo</c> alone stays whole.</summary>
    private static (string Label, string Text)? SplitAtTab(string line)
    {
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        return tab is > 0 and <= 16 ? (line[..tab].Trim(), line[(tab + 1)..].Trim()) : null;
    }

    private sealed class HeadingState
    {
        public int LastRoman { get; set; }
        public char? LastLetter { get; set; }
    }

    private static ImportedBlock? ClassifyHeading(string line, HeadingState state)
    {
        if (AnnexHeading().IsMatch(line))
        {
            state.LastRoman = 0;
            state.LastLetter = null;
            return new ImportedBlock(BlockKind.Heading, 1, line, string.Empty, 0);
        }

        var match = LabelledHeading().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var label = match.Groups["label"].Value;
        var text = match.Groups["text"].Value;
        var roman = RomanValue(label);
        var expectedLetter = state.LastLetter is { } l ? (char)(l + 1) : 'A';

        // "C." and "D." are both letters and Roman numerals: the expected sequence decides.
        var isLetter = label.Length == 1 && char.IsAsciiLetterUpper(label[0]);
        var letterFits = isLetter && label[0] == expectedLetter && state.LastRoman > 0;
        var romanFits = roman == state.LastRoman + 1;

        if (letterFits || (isLetter && !romanFits && roman == 0))
        {
            state.LastLetter = label[0];
            return new ImportedBlock(BlockKind.Heading, 2, label + ".", text, 0);
        }

        if (roman > 0 && (romanFits || !isLetter))
        {
            state.LastRoman = roman;
            state.LastLetter = null;
            return new ImportedBlock(BlockKind.Heading, 1, label + ".", text, 0);
        }

        if (isLetter)
        {
            state.LastLetter = label[0];
            return new ImportedBlock(BlockKind.Heading, 2, label + ".", text, 0);
        }

        return null;
    }

    /// <summary>The value of a well-formed Roman numeral, or 0.</summary>
    public static int RomanValue(string s)
    {
        if (s.Length == 0 || s.Length > 15)
        {
            return 0;
        }

        var total = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var value = Digit(s[i]);
            if (value == 0)
            {
                return 0;
            }

            var next = i + 1 < s.Length ? Digit(s[i + 1]) : 0;
            total += value < next ? -value : value;
        }

        // Reject non-canonical forms such as "IIII" or "IC" by writing the value back.
        return total > 0 && ToRoman(total) == s ? total : 0;

        static int Digit(char c) => c switch
        {
            'I' => 1, 'V' => 5, 'X' => 10, 'L' => 50, 'C' => 100, 'D' => 500, 'M' => 1000, _ => 0,
        };
    }

    public static string ToRoman(int value)
    {
        ReadOnlySpan<int> values = [1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1];
        string[] symbols = ["M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"];
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            while (value >= values[i])
            {
                result.Append(symbols[i]);
                value -= values[i];
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"^(?<label>[A-Z]{1,8})\.\s+(?<text>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelledHeading();

    [GeneratedRegex(@"^(Anexo|Annex|Annexe|Anexos|Annexes)(\s+[IVXLCDM0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex AnnexHeading();

    [GeneratedRegex(@"^(?<label>\d{1,6}(?: [a-z]+(?: [a-z]+)?)?)\.\s+(?<text>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedParagraph();

    [GeneratedRegex(@"^[A-Z]{1,6}(/[A-Za-z0-9.\-]+){2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex SymbolLine();

    [GeneratedRegex(@"^(\d{1,2}(º|er)? (de )?\p{L}+ (de )?\d{4}|\p{L}+ \d{1,2}, \d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();

    [GeneratedRegex(@"(período de sesiones|session|sesión)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SessionLine();

    [GeneratedRegex(@"^[^,]{2,60}, .*\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceAndDatesLine();
}

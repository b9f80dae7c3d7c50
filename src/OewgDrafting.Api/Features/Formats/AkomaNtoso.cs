using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Formats;

/// <summary>
/// Akoma Ntoso 3.0 (OASIS LegalDocML) output. A document is a <c>doc name="report"</c>: FRBR identification under
/// the AKN naming convention with <c>un</c> as the jurisdiction and the symbol in the IRIs
/// (<c>/akn/un/doc/report/2025-07-01/A-AC.292-2025-L.1</c>), the front matter and title in the <c>preface</c>,
/// headings as <c>chapter</c>/<c>section</c>/<c>subsection</c> containers (by level) and paragraphs as
/// <c>paragraph</c> with <c>num</c> and <c>content/p</c>, with stable <c>eId</c>s derived from labels
/// (<c>chp_II__sec_A</c>, <c>para_5bis</c>).
/// <para>
/// Inline convention for negotiated text: the text of a <c>p</c> is the paragraph's text as typed. A reference
/// <c>[label](target)</c> is <c>&lt;ref href="target"&gt;label&lt;/ref&gt;</c>; a placeholder (a bracket that is
/// the whole paragraph, or says "por completar", "to be completed"…) is <c>&lt;placeholder&gt;</c>; any other
/// bracket is <c>&lt;inline name="bracket"&gt;</c> holding its square brackets and, when it offers alternatives,
/// each as <c>&lt;inline name="alternative"&gt;</c> with the <c> / </c> separators between them. Reading the text
/// of a <c>p</c> back (references as <c>[label](href)</c>) gives the negotiated text exactly.
/// </para>
/// </summary>
public static partial class AkomaNtoso
{
    public const string Namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
    public const string MediaType = "application/akn+xml";

    private static readonly XmlWriterSettings Settings = new() { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };

    /// <summary>A document (or, without <paramref name="document"/>, a revision's text) as an AKN <c>doc</c>.</summary>
    public static byte[] Write(Document? document, TextDocument text) => Render(writer =>
    {
        writer.WriteStartElement("akomaNtoso", Namespace);
        WriteDoc(writer, text, Dates(document), version: document?.TextVersion, references: true);
        writer.WriteEndElement();
    });

    /// <summary>
    /// The compilation: an <c>amendmentList</c> whose first component is the document (its clean text) and whose
    /// other components are the pending amendments, each an AKN <c>amendment</c> naming its proposer, co-sponsors,
    /// supporters and opponents, its target's <c>eId</c>, and its change as <c>del</c>/<c>ins</c>.
    /// </summary>
    public static byte[] WriteCompilation(Document document, CompilationDocument compilation) => Render(writer =>
    {
        var text = compilation.Source;
        var ids = EIds(text.Blocks);
        var (created, updated) = Dates(document);
        var work = WorkUri(text, created);
        writer.WriteStartElement("akomaNtoso", Namespace);
        var pending = new List<(PendingChange Pending, string? Original)>();
        foreach (var item in compilation.Items)
        {
            switch (item)
            {
                case CompilationBlock block:
                    pending.AddRange(block.Pieces.OfType<ChangePiece>().Select(p => (p.Pending, (string?)p.Original)));
                    pending.AddRange(block.Notes.Select(n => (n.Pending, (string?)null)));
                    break;
                case ProposedParagraph proposed:
                    pending.Add((proposed.Pending, null));
                    break;
            }
        }

        // The references (the organisations named anywhere) are kept once, in the list's own metadata: eIds are
        // unique across the whole document, components included.
        var organizations = pending.SelectMany(p => new[] { p.Pending.Proposer }.Concat(p.Pending.Cosponsors).Concat(p.Pending.Stances.Support)
            .Concat(p.Pending.Stances.Oppose).Concat(p.Pending.Stances.Reserve)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        writer.WriteStartElement("amendmentList");
        writer.WriteAttributeString("name", "compilation");
        WriteMeta(writer, work + "/compilation", text.Language, created, updated, document.Version, organizations);
        writer.WriteStartElement("collectionBody");
        writer.WriteStartElement("component");
        writer.WriteAttributeString("eId", "cmp_text");
        WriteDoc(writer, text, (created, updated), document.TextVersion, references: false);
        writer.WriteEndElement();

        var blocks = text.Blocks.ToDictionary(b => b.Id);
        foreach (var (change, original) in pending.OrderBy(p => p.Pending.Number))
        {
            writer.WriteStartElement("component");
            writer.WriteAttributeString("eId", $"cmp_a{change.Number}");
            WriteAmendment(writer, work, text.Language, change, original, blocks.GetValueOrDefault(change.BlockId), ids);
            writer.WriteEndElement();
        }

        writer.WriteEndElement(); // collectionBody
        writer.WriteEndElement(); // amendmentList
        writer.WriteEndElement(); // akomaNtoso
    });

    private static byte[] Render(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Settings))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static (DateTimeOffset Created, DateTimeOffset Updated) Dates(Document? document) =>
        document is null ? (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch) : (document.CreatedAt, document.UpdatedAt);

    /// <summary>The symbol as an IRI segment: <c>A/AC.292/2025/L.1</c> → <c>A-AC.292-2025-L.1</c>.</summary>
    public static string SymbolSegment(string symbol) => UnsafeIriCharacters().Replace(symbol.Replace('/', '-'), "_");

    private static string WorkUri(TextDocument text, DateTimeOffset created) =>
        $"/akn/un/doc/report/{created.UtcDateTime:yyyy-MM-dd}/{SymbolSegment(text.Symbol)}";

    /// <summary>ISO 639-2 (three letters) as AKN expressions name languages.</summary>
    public static string Language3(string bcp47)
    {
        try
        {
            return CultureInfo.GetCultureInfo(bcp47).ThreeLetterISOLanguageName;
        }
        catch (CultureNotFoundException)
        {
            return bcp47.Split('-')[0].ToLowerInvariant();
        }
    }

    private static void WriteDoc(XmlWriter writer, TextDocument text, (DateTimeOffset Created, DateTimeOffset Updated) dates, long? version,
        bool references)
    {
        writer.WriteStartElement("doc");
        writer.WriteAttributeString("name", "report");
        WriteMeta(writer, WorkUri(text, dates.Created), text.Language, dates.Created, dates.Updated, version, references ? [] : null);
        WritePreface(writer, text);
        writer.WriteStartElement("mainBody");
        WriteBody(writer, text.Blocks, EIds(text.Blocks));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>The metadata; <paramref name="organizations"/> null leaves the references to the enclosing document.</summary>
    private static void WriteMeta(XmlWriter writer, string work, string language, DateTimeOffset created, DateTimeOffset updated, long? version,
        IReadOnlyCollection<string>? organizations)
    {
        var lang3 = Language3(language);
        var expression = $"{work}/{lang3}@{(version is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : "")}";
        writer.WriteStartElement("meta");
        writer.WriteStartElement("identification");
        writer.WriteAttributeString("source", "#oewgdrafting");

        writer.WriteStartElement("FRBRWork");
        Value(writer, "FRBRthis", work + "/!main");
        Value(writer, "FRBRuri", work);
        Date(writer, created, "creation");
        Author(writer, "#un");
        Value(writer, "FRBRcountry", "un");
        writer.WriteEndElement();

        writer.WriteStartElement("FRBRExpression");
        Value(writer, "FRBRthis", expression + "/!main");
        Value(writer, "FRBRuri", expression);
        Date(writer, updated, "version");
        Author(writer, "#un");
        writer.WriteStartElement("FRBRlanguage");
        writer.WriteAttributeString("language", lang3);
        writer.WriteEndElement();
        writer.WriteEndElement();

        writer.WriteStartElement("FRBRManifestation");
        Value(writer, "FRBRthis", expression + "/!main.xml");
        Value(writer, "FRBRuri", expression + ".akn");
        Date(writer, updated, "generation");
        Author(writer, "#oewgdrafting");
        writer.WriteEndElement();
        writer.WriteEndElement(); // identification

        if (organizations is not null)
        {
            writer.WriteStartElement("references");
            writer.WriteAttributeString("source", "#oewgdrafting");
            Organization(writer, "un", "/akn/ontology/organizations/un", "United Nations");
            Organization(writer, "oewgdrafting", "/akn/ontology/organizations/un/oewgdrafting", "OewgDrafting");
            foreach (var code in organizations)
            {
                Organization(writer, "org_" + Id(code), "/akn/ontology/organizations/un/delegation/" + code.ToLowerInvariant(), code);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement(); // meta

        static void Value(XmlWriter writer, string element, string value)
        {
            writer.WriteStartElement(element);
            writer.WriteAttributeString("value", value);
            writer.WriteEndElement();
        }

        static void Date(XmlWriter writer, DateTimeOffset date, string name)
        {
            writer.WriteStartElement("FRBRdate");
            writer.WriteAttributeString("date", date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteAttributeString("name", name);
            writer.WriteEndElement();
        }

        static void Author(XmlWriter writer, string href)
        {
            writer.WriteStartElement("FRBRauthor");
            writer.WriteAttributeString("href", href);
            writer.WriteEndElement();
        }
    }

    private static void Organization(XmlWriter writer, string eId, string href, string showAs)
    {
        writer.WriteStartElement("TLCOrganization");
        writer.WriteAttributeString("eId", eId);
        writer.WriteAttributeString("href", href);
        writer.WriteAttributeString("showAs", showAs);
        writer.WriteEndElement();
    }

    private static void WritePreface(XmlWriter writer, TextDocument text)
    {
        writer.WriteStartElement("preface");
        writer.WriteStartElement("p");
        writer.WriteAttributeString("class", "symbol");
        writer.WriteStartElement("docNumber");
        writer.WriteString(text.Symbol);
        writer.WriteEndElement();
        writer.WriteEndElement();
        foreach (var line in text.FrontMatter)
        {
            writer.WriteStartElement("p");
            writer.WriteAttributeString("class", line.Key + " group" + line.Group.ToString(CultureInfo.InvariantCulture));
            writer.WriteString(line.Text);
            writer.WriteEndElement();
        }

        writer.WriteStartElement("longTitle");
        writer.WriteStartElement("p");
        writer.WriteStartElement("docTitle");
        writer.WriteString(text.Title);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>The blocks as a hierarchy: each heading opens a container that holds what follows until a heading of its level or above.</summary>
    private static void WriteBody(XmlWriter writer, IReadOnlyList<TextBlock> blocks, IReadOnlyDictionary<Guid, string> ids)
    {
        var open = new Stack<int>();
        for (var index = 0; index < blocks.Count; index++)
        {
            var block = blocks[index];
            if (block.Kind == BlockKind.Heading)
            {
                var level = Math.Max(1, block.Level ?? 1);
                while (open.Count > 0 && open.Peek() >= level)
                {
                    writer.WriteEndElement();
                    open.Pop();
                }

                writer.WriteStartElement(ContainerFor(level));
                writer.WriteAttributeString("eId", ids[block.Id]);
                writer.WriteAttributeString("class", "level" + level.ToString(CultureInfo.InvariantCulture));
                if (block.Label is { } label)
                {
                    writer.WriteElementString("num", Namespace, label);
                }

                writer.WriteStartElement("heading");
                WriteInline(writer, block.Text);
                writer.WriteEndElement();
                open.Push(level);
                if (!HasContent(blocks, index))
                {
                    // A heading with nothing under it still needs content to be a valid container.
                    writer.WriteStartElement("content");
                    writer.WriteElementString("p", Namespace, "");
                    writer.WriteEndElement();
                }
            }
            else
            {
                writer.WriteStartElement("paragraph");
                writer.WriteAttributeString("eId", ids[block.Id]);
                if (block.Label is { } label)
                {
                    writer.WriteElementString("num", Namespace, label + ".");
                }

                writer.WriteStartElement("content");
                writer.WriteStartElement("p");
                WriteInline(writer, block.Text);
                writer.WriteEndElement();
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
        }

        while (open.Count > 0)
        {
            writer.WriteEndElement();
            open.Pop();
        }
    }

    private static bool HasContent(IReadOnlyList<TextBlock> blocks, int heading) =>
        heading + 1 < blocks.Count
        && (blocks[heading + 1].Kind == BlockKind.Paragraph || (blocks[heading + 1].Level ?? 1) > (blocks[heading].Level ?? 1));

    public static string ContainerFor(int level) => level switch
    {
        1 => "chapter",
        2 => "section",
        _ => "subsection",
    };

    /// <summary>
    /// Stable ids from labels: <c>chp_II</c>, <c>chp_II__sec_A</c>, <c>para_5bis</c>; an unlabelled block gets its
    /// position among its kind (<c>para_u1</c>). Any clash is settled by a suffix.
    /// </summary>
    public static IReadOnlyDictionary<Guid, string> EIds(IReadOnlyList<TextBlock> blocks)
    {
        var ids = new Dictionary<Guid, string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<(int Level, string Id)>();
        var unlabelled = 0;
        foreach (var block in blocks)
        {
            string id;
            if (block.Kind == BlockKind.Heading)
            {
                var level = Math.Max(1, block.Level ?? 1);
                path.RemoveAll(p => p.Level >= level);
                var prefix = ContainerFor(level) switch { "chapter" => "chp", "section" => "sec", _ => "subsec" };
                var own = prefix + "_" + (block.Label is { } label ? Id(label) : "u" + (++unlabelled).ToString(CultureInfo.InvariantCulture));
                id = string.Join("__", path.Select(p => p.Id).Append(own));
                path.Add((level, own));
            }
            else
            {
                id = "para_" + (block.Label is { } label ? Id(label) : "u" + (++unlabelled).ToString(CultureInfo.InvariantCulture));
            }

            var unique = id;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = id + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            ids[block.Id] = unique;
        }

        return ids;
    }

    private static string Id(string label) => IdCharacters().Replace(label.Replace(".", "", StringComparison.Ordinal), "");

    /// <summary>A placeholder: the bracket is the whole paragraph, or it says so.</summary>
    private static bool IsPlaceholder(BracketSegment bracket, string text) =>
        bracket.Alternatives.Count == 1 && bracket.Alternatives[0].Segments.All(s => s is TextSegment)
        && (text.Trim().Length == bracket.End - bracket.Start || PlaceholderWords().IsMatch(text[bracket.Start..bracket.End]));

    /// <summary>Negotiated text with its references, placeholders and brackets marked up (see the type's remarks).</summary>
    public static void WriteInline(XmlWriter writer, string text)
    {
        var parsed = BracketedText.ParseLenient(text);
        WriteSegments(writer, text, parsed.Segments, 0, text.Length, top: true);
    }

    private static void WriteSegments(XmlWriter writer, string text, IReadOnlyList<Segment> segments, int start, int end, bool top)
    {
        var position = start;
        foreach (var segment in segments)
        {
            if (segment.Start > position)
            {
                writer.WriteString(text[position..segment.Start]);
            }

            switch (segment)
            {
                case TextSegment:
                    writer.WriteString(text[segment.Start..segment.End]);
                    break;
                case ReferenceSegment reference:
                    writer.WriteStartElement("ref");
                    writer.WriteAttributeString("href", reference.Target);
                    writer.WriteString(reference.Label);
                    writer.WriteEndElement();
                    break;
                case BracketSegment bracket when top && IsPlaceholder(bracket, text):
                    writer.WriteStartElement("placeholder");
                    writer.WriteString(text[bracket.Start..bracket.End]);
                    writer.WriteEndElement();
                    break;
                case BracketSegment bracket:
                    writer.WriteStartElement("inline");
                    writer.WriteAttributeString("name", "bracket");
                    var inner = bracket.Start + 1;
                    writer.WriteString("[");
                    foreach (var (alternative, i) in bracket.Alternatives.Select((a, i) => (a, i)))
                    {
                        if (alternative.Start > inner)
                        {
                            writer.WriteString(text[inner..alternative.Start]);
                        }

                        if (bracket.Alternatives.Count > 1)
                        {
                            writer.WriteStartElement("inline");
                            writer.WriteAttributeString("name", "alternative");
                            WriteSegments(writer, text, alternative.Segments, alternative.Start, alternative.End, top: false);
                            writer.WriteEndElement();
                        }
                        else
                        {
                            WriteSegments(writer, text, alternative.Segments, alternative.Start, alternative.End, top: false);
                        }

                        inner = alternative.End;
                    }

                    if (bracket.End - 1 > inner)
                    {
                        writer.WriteString(text[inner..(bracket.End - 1)]);
                    }

                    writer.WriteString("]");
                    writer.WriteEndElement();
                    break;
            }

            position = segment.End;
        }

        if (end > position)
        {
            writer.WriteString(text[position..end]);
        }
    }

    private static void WriteAmendment(XmlWriter writer, string work, string language, PendingChange pending, string? original, TextBlock? target,
        IReadOnlyDictionary<Guid, string> ids)
    {
        var at = pending.ProposedAt ?? DateTimeOffset.UnixEpoch;
        writer.WriteStartElement("amendment");
        writer.WriteAttributeString("name", "amendment");
        WriteMeta(writer, $"{work}/amendment/A{pending.Number}", language, at, at, null, organizations: null);
        writer.WriteStartElement("preface");
        writer.WriteStartElement("p");
        writer.WriteString($"A{pending.Number}, proposed by ");
        Party(writer, pending.Proposer, "proposer");
        if (pending.Cosponsors.Count > 0)
        {
            writer.WriteString(", co-sponsored by ");
            Parties(writer, pending.Cosponsors, "cosponsor");
        }

        writer.WriteString(".");
        writer.WriteEndElement();
        Stances(writer, "Supported by", pending.Stances.Support, "support");
        Stances(writer, "Opposed by", pending.Stances.Oppose, "oppose");
        Stances(writer, "Reservations by", pending.Stances.Reserve, "reserve");
        writer.WriteEndElement(); // preface

        writer.WriteStartElement("amendmentBody");
        writer.WriteStartElement("amendmentContent");
        writer.WriteStartElement("p");
        var change = pending.Change;
        var targetId = target is null ? null : ids.GetValueOrDefault(target.Id);
        writer.WriteString(Describe(change) + " ");
        writer.WriteStartElement("ref");
        writer.WriteAttributeString("class", "target");
        writer.WriteAttributeString("href", "#" + (targetId ?? "unknown"));
        writer.WriteString(target?.DisplayLabel ?? targetId ?? "(gone)");
        writer.WriteEndElement();
        writer.WriteString(": ");
        var removed = change.Kind switch
        {
            AmendmentKind.Delete or AmendmentKind.Replace => original ?? change.Quote,
            AmendmentKind.DeleteParagraph or AmendmentKind.ReplaceParagraph => target?.Text,
            _ => null,
        };
        if (change.Kind == AmendmentKind.Insert)
        {
            writer.WriteString(change.Placement == Placement.Before ? "before “" : "after “");
            writer.WriteString(change.Quote ?? "");
            writer.WriteString("” ");
        }

        if (removed is not null)
        {
            writer.WriteStartElement("del");
            WriteInline(writer, removed);
            writer.WriteEndElement();
        }

        if (change.Text is { } added)
        {
            writer.WriteStartElement("ins");
            WriteInline(writer, added);
            writer.WriteEndElement();
        }

        writer.WriteEndElement(); // p
        writer.WriteEndElement(); // amendmentContent
        if (!string.IsNullOrWhiteSpace(pending.Justification))
        {
            writer.WriteStartElement("amendmentJustification");
            writer.WriteElementString("p", Namespace, pending.Justification);
            writer.WriteEndElement();
        }

        writer.WriteEndElement(); // amendmentBody
        writer.WriteEndElement(); // amendment
    }

    private static string Describe(TextChange change) => change.Kind switch
    {
        AmendmentKind.Insert => "Insert in",
        AmendmentKind.Delete => "Delete in",
        AmendmentKind.Replace => "Replace in",
        AmendmentKind.AddParagraph => "Add a paragraph after",
        AmendmentKind.DeleteParagraph => "Delete",
        _ => "Replace",
    };

    private static void Stances(XmlWriter writer, string what, IReadOnlyList<string> codes, string role)
    {
        if (codes.Count == 0)
        {
            return;
        }

        writer.WriteStartElement("p");
        writer.WriteAttributeString("class", role);
        writer.WriteString(what + " ");
        Parties(writer, codes, role);
        writer.WriteString(".");
        writer.WriteEndElement();
    }

    private static void Parties(XmlWriter writer, IReadOnlyList<string> codes, string role)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            if (i > 0)
            {
                writer.WriteString(", ");
            }

            Party(writer, codes[i], role);
        }
    }

    private static void Party(XmlWriter writer, string code, string role)
    {
        writer.WriteStartElement("organization");
        writer.WriteAttributeString("refersTo", "#org_" + Id(code));
        writer.WriteAttributeString("class", role);
        writer.WriteString(code);
        writer.WriteEndElement();
    }

    [GeneratedRegex(@"[^A-Za-z0-9_.\-~]")]
    private static partial Regex UnsafeIriCharacters();

    [GeneratedRegex(@"[^A-Za-z0-9_\-]")]
    private static partial Regex IdCharacters();

    [GeneratedRegex(@"^\[\s*(por completar|to be completed|à compléter|a completar|placeholder\b.*|\.\.\.|…)\s*\]$", RegexOptions.IgnoreCase)]
    private static partial Regex PlaceholderWords();
}

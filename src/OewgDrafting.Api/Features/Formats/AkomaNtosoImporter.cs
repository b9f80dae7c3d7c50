using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Import;

namespace OewgDrafting.Api.Features.Formats;

/// <summary>
/// Reads an Akoma Ntoso 3.0 <c>doc</c> (as <see cref="AkomaNtoso"/> writes it, or any AKN document with the same
/// containers) back into a document's blocks: the preface's lines and title, containers as headings of their depth
/// with their <c>num</c> and <c>heading</c>, paragraphs with their <c>num</c> and text, references as
/// <c>[label](href)</c>. DTDs are refused (no entity can expand), and so is a file that is not AKN.
/// </summary>
public static class AkomaNtosoImporter
{
    private static readonly XNamespace Ns = AkomaNtoso.Namespace;

    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal)
    {
        "chapter", "section", "subsection", "part", "title", "book", "tome", "division", "subchapter", "subpart", "subdivision",
        "article", "clause", "hcontainer", "level",
    };

    public static ImportedDocument Import(byte[] xml)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = WordImporter.MaxExpandedBytes,
            };
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new BadHttpRequestException($"The body is not well-formed XML without a DTD: {e.Message}", StatusCodes.Status400BadRequest);
        }

        var doc = document.Root is { } root && root.Name == Ns + "akomaNtoso"
            ? root.Elements().FirstOrDefault(e => e.Name.Namespace == Ns && e.Element(Ns + "mainBody") is not null)
            : null;
        if (doc is null)
        {
            throw new DomainValidationException("body", "The body is not an Akoma Ntoso 3.0 document with a mainBody (namespace " + AkomaNtoso.Namespace + ").");
        }

        var lines = new List<SourceLine>();
        var symbol = doc.Descendants(Ns + "docNumber").FirstOrDefault()?.Value.Trim();
        if (doc.Element(Ns + "preface") is { } preface)
        {
            int? group = null;
            foreach (var p in preface.Elements(Ns + "p").Where(p => p.Element(Ns + "docNumber") is null))
            {
                var lineGroup = Group((string?)p.Attribute("class"));
                if (group is not null && lineGroup != group)
                {
                    lines.Add(new SourceLine(string.Empty));
                }

                group = lineGroup;
                lines.Add(new SourceLine(Text(p)));
            }

            if (preface.Descendants(Ns + "docTitle").FirstOrDefault() is { } title)
            {
                if (lines.Count > 0)
                {
                    lines.Add(new SourceLine(string.Empty));
                }

                lines.Add(new SourceLine(Text(title)));
            }
        }

        Body(doc.Element(Ns + "mainBody")!, 0, lines);
        var imported = UnDocumentImporter.Import(lines);
        var language = imported.Language ?? Language2((string?)doc.Descendants(Ns + "FRBRlanguage").FirstOrDefault()?.Attribute("language"));
        return imported with { Symbol = imported.Symbol ?? symbol, Language = language };
    }

    private static void Body(XElement parent, int depth, List<SourceLine> lines)
    {
        foreach (var element in parent.Elements())
        {
            var name = element.Name.LocalName;
            if (element.Name.Namespace != Ns)
            {
                continue;
            }

            if (Containers.Contains(name))
            {
                var num = element.Element(Ns + "num");
                var heading = element.Element(Ns + "heading") is { } h ? Text(h) : string.Empty;
                var label = num is null ? null : Text(num).Trim();
                lines.Add(new SourceLine(label is null ? heading : heading.Length > 0 ? label + "\t" + heading : label, depth + 1));
                Body(element, depth + 1, lines);
            }
            else if (name == "paragraph")
            {
                var num = element.Element(Ns + "num");
                var text = string.Join(" ", element.Element(Ns + "content")?.Elements(Ns + "p").Select(Text) ?? []);
                var label = num is null ? null : Text(num).Trim();
                lines.Add(label is null ? new SourceLine(text) : new SourceLine(text, NumberLabel: label));
            }
            else if (name == "p")
            {
                lines.Add(new SourceLine(Text(element)));
            }
        }
    }

    /// <summary>The text of an element as negotiated text: references as <c>[label](href)</c>, everything else as its text.</summary>
    private static string Text(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value);
                    break;
                case XElement { Name.LocalName: "ref" } reference:
                    text.Append('[').Append(Text(reference)).Append("](").Append((string?)reference.Attribute("href") ?? "#").Append(')');
                    break;
                case XElement child:
                    text.Append(Text(child));
                    break;
            }
        }

        return WordImporter.Normalise(text.ToString());
    }

    private static int Group(string? classes)
    {
        foreach (var name in (classes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (name.StartsWith("group", StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var group))
            {
                return group;
            }
        }

        return 0;
    }

    private static string? Language2(string? iso3)
    {
        if (string.IsNullOrWhiteSpace(iso3))
        {
            return null;
        }

        var culture = CultureInfo.GetCultures(CultureTypes.NeutralCultures)
            .FirstOrDefault(c => string.Equals(c.ThreeLetterISOLanguageName, iso3, StringComparison.OrdinalIgnoreCase));
        return culture?.TwoLetterISOLanguageName;
    }
}

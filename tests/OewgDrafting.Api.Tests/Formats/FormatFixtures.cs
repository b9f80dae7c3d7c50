using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace OewgDrafting.Api.Tests.Formats;

/// <summary>What a word processor does with a package, done in the test: validate it, accept or reject every change, read its text.</summary>
public static class Word
{
    public enum Changes
    {
        AcceptAll,
        RejectAll,
    }

    /// <summary>Every schema error the Open XML SDK finds (none is allowed).</summary>
    public static IReadOnlyList<string> Validate(byte[] package)
    {
        using var stream = new MemoryStream(package);
        using var document = WordprocessingDocument.Open(stream, false);
        return new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document)
            .Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
    }

    /// <summary>The body's paragraphs as text after accepting or rejecting every tracked change; references read back as [label](target).</summary>
    public static IReadOnlyList<string> Paragraphs(byte[] package, Changes changes)
    {
        using var stream = new MemoryStream(package);
        using var document = WordprocessingDocument.Open(stream, false);
        var main = document.MainDocumentPart!;
        var links = main.HyperlinkRelationships.ToDictionary(r => r.Id, r => r.Uri.OriginalString);
        var result = new List<string>();
        foreach (var paragraph in main.Document!.Body!.Elements<Paragraph>())
        {
            var mark = paragraph.ParagraphProperties?.ParagraphMarkRunProperties;
            var gone = changes == Changes.AcceptAll ? mark?.GetFirstChild<Deleted>() is not null : mark?.GetFirstChild<Inserted>() is not null;
            if (gone)
            {
                continue;
            }

            result.Add(Text(paragraph, changes, links));
        }

        return result;
    }

    private static string Text(OpenXmlElement element, Changes changes, IReadOnlyDictionary<string, string> links)
    {
        var text = new System.Text.StringBuilder();
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case InsertedRun when changes == Changes.RejectAll:
                case DeletedRun when changes == Changes.AcceptAll:
                case ParagraphProperties or RunProperties:
                    break;
                case Hyperlink link:
                    text.Append('[').Append(Text(link, changes, links)).Append("](").Append(links[link.Id!.Value!]).Append(')');
                    break;
                case Text t:
                    text.Append(t.Text);
                    break;
                case DeletedText d:
                    text.Append(d.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                default:
                    text.Append(Text(child, changes, links));
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>The comments' texts, one string per comment, with their authors.</summary>
    public static IReadOnlyList<(string Author, string Text)> Comments(byte[] package)
    {
        using var stream = new MemoryStream(package);
        using var document = WordprocessingDocument.Open(stream, false);
        var comments = document.MainDocumentPart!.WordprocessingCommentsPart?.Comments;
        return comments is null ? [] : comments.Elements<Comment>().Select(c => (c.Author!.Value!, string.Join("\n", c.Elements<Paragraph>().Select(p => p.InnerText)))).ToList();
    }

    /// <summary>The tracked insertions and deletions, as (kind, author, date).</summary>
    public static IReadOnlyList<(string Kind, string Author, DateTime? Date)> Revisions(byte[] package)
    {
        using var stream = new MemoryStream(package);
        using var document = WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document!.Body!;
        return body.Descendants<InsertedRun>().Select(i => ("ins", i.Author!.Value!, i.Date?.Value))
            .Concat(body.Descendants<DeletedRun>().Select(d => ("del", d.Author!.Value!, d.Date?.Value))).ToList();
    }

    public static string HeaderText(byte[] package)
    {
        using var stream = new MemoryStream(package);
        using var document = WordprocessingDocument.Open(stream, false);
        return string.Join("\n", document.MainDocumentPart!.HeaderParts.Select(h => h.Header!.InnerText));
    }

    public static string Language(byte[] package)
    {
        using var stream = new MemoryStream(package);
        using var document = WordprocessingDocument.Open(stream, false);
        return document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!
            .GetFirstChild<Languages>()!.Val!.Value!;
    }
}

/// <summary>Validation against the OASIS Akoma Ntoso 3.0 schema, copied into this project.</summary>
public static class Akn
{
    public static readonly XNamespace Ns = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Formats", "Schemas", "akn30");
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add(null, Path.Combine(folder, "akomantoso30.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>Every schema error and warning (none is allowed).</summary>
    public static IReadOnlyList<string> Validate(byte[] xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} at {e.Exception?.LineNumber}:{e.Exception?.LinePosition}: {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    public static XDocument Parse(byte[] xml) => XDocument.Load(new MemoryStream(xml));
}

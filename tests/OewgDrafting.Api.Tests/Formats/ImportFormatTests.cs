using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Tests.Formats;

/// <summary>Word in and Akoma Ntoso back: real drafts' features, round trips, and bad files refused without writing anything.</summary>
public class ImportFormatTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private readonly HttpClient _chair = factory.ChairClient();

    private async Task<DocumentResponse> DemoAsync()
    {
        var documents = await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>();
        var demo = Assert.Single(documents, d => d.Symbol == "A/AC.292/2025/L.1");
        return await (await _chair.GetAsync($"/api/documents/{demo.Id}")).ReadAsync<DocumentResponse>();
    }

    private Task<HttpResponseMessage> ImportAsync(byte[] body, string mediaType, string query = "")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return _chair.PostAsync("/api/documents/import" + query, content);
    }

    private static void AssertSameBlocks(DocumentResponse expected, DocumentResponse actual)
    {
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Symbol, actual.Symbol);
        Assert.Equal(expected.Language, actual.Language);
        Assert.Equal(expected.FrontMatter.Select(f => (f.Key, f.Text, f.Group)), actual.FrontMatter.Select(f => (f.Key, f.Text, f.Group)));
        Assert.Equal(expected.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)), actual.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)));
    }

    private async Task<int> CountDocumentsAsync() => (await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).Count;

    [Fact]
    public async Task A_real_draft_reads_automatic_numbering_with_restarts_heading_styles_links_and_warns_of_what_it_cannot_hold()
    {
        var package = RealDraft.Build();

        var response = await ImportAsync(package, DocxType, "?symbol=A/AC.1/2026/L.2");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = await response.ReadAsync<DocumentResponse>();
        Assert.Equal("Draft outcome document", document.Title);
        Assert.Equal("en", document.Language);
        Assert.Equal(["General Assembly", "Open-ended working group"], document.FrontMatter.Select(f => f.Text));
        Assert.Equal(
            [
                (BlockKind.Heading, (int?)1, (string?)"I.", "Introduction"),
                (BlockKind.Paragraph, null, "1", "States [shall / should] cooperate, as in [A/78/265](https://undocs.org/A/78/265)."),
                (BlockKind.Paragraph, null, "2", "Joined runs with non-breaking spaces and a soft hyphen."),
                (BlockKind.Heading, 2, null, "Capacity-building"),
                (BlockKind.Paragraph, null, "3", "Third, continuing the list."),
                (BlockKind.Paragraph, null, "4 bis", "A typed number."),
                (BlockKind.Heading, 1, "II.", "Annex material"),
                (BlockKind.Paragraph, null, "1", "The list starts again here."),
                (BlockKind.Paragraph, null, "2", "And goes on."),
            ],
            document.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)));
        var warnings = document.Warnings!.Select(w => w.Message).ToList();
        Assert.Contains(warnings, w => w.Contains("table", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("footnote", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("comment", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_with_unaccepted_tracked_changes_is_a_422_that_says_to_accept_or_reject_them_and_writes_nothing()
    {
        var before = await CountDocumentsAsync();
        var response = await ImportAsync(RealDraft.Build(trackedChange: true), DocxType, "?symbol=A/AC.1/2026/L.3");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("accept or reject", problem["errors"]!["body"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await CountDocumentsAsync());
    }

    public static TheoryData<string, int> BadFiles => new()
    {
        { "truncated", 400 },
        { "pdf", 400 },
        { "zipBomb", 413 },
        { "xmlBomb", 400 },
        { "notAkn", 422 },
        { "aknWithDtd", 400 },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Files_that_are_not_what_they_claim_are_refused_fast_and_write_nothing(string kind, int status)
    {
        var before = await CountDocumentsAsync();
        var (body, type) = kind switch
        {
            "truncated" => (RealDraft.Build()[..1500], DocxType),
            "pdf" => (Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF"), DocxType),
            "zipBomb" => (ZipBomb(), DocxType),
            "xmlBomb" => (XmlBombDocx(), DocxType),
            "notAkn" => ("<?xml version=\"1.0\"?><html><body>Not AKN</body></html>"u8.ToArray(), "application/akn+xml"),
            _ => ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY b \"bbbbbbbbbb\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;\">]><akomaNtoso>&c;</akomaNtoso>"u8.ToArray(),
                "application/akn+xml"),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var response = await ImportAsync(body, type, "?symbol=A/BAD/1");

        await response.AssertProblemAsync((HttpStatusCode)status);
        Assert.Equal(before, await CountDocumentsAsync());
    }

    /// <summary>A package whose document part claims (and would expand to) far more than a text needs.</summary>
    private static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize);
            using var writer = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 80; i++)
            {
                writer.Write(zeros);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A real package whose document part declares entities that expand (the billion laughs).</summary>
    private static byte[] XmlBombDocx()
    {
        var package = RealDraft.Build();
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            var entry = zip.CreateEntry("word/document.xml");
            using var writer = new StreamWriter(entry.Open());
            writer.Write("<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                + "<w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>");
        }

        return stream.ToArray();
    }
}

/// <summary>A draft as chairs' offices receive them: automatic numbering with a restart, heading styles, split runs, links, and things the model cannot hold.</summary>
internal static class RealDraft
{
    public static byte[] Build(bool trackedChange = false)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(new Languages { Val = "en-GB" }))),
                new Style(new StyleName { Val = "heading 1" }, new StyleParagraphProperties(new OutlineLevel { Val = 0 })) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                new Style(new StyleName { Val = "Body Numbered" }, new StyleParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })))
                {
                    Type = StyleValues.Paragraph,
                    StyleId = "BodyNumbered",
                });
            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = new Numbering(
                new AbstractNum(new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%1." }) { LevelIndex = 0 })
                { AbstractNumberId = 10 },
                new AbstractNum(new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.UpperRoman }, new LevelText { Val = "%1." }) { LevelIndex = 0 })
                { AbstractNumberId = 20 },
                new NumberingInstance(new AbstractNumId { Val = 10 }) { NumberID = 1 },
                new NumberingInstance(new AbstractNumId { Val = 20 }) { NumberID = 2 },
                new NumberingInstance(new AbstractNumId { Val = 10 }, new LevelOverride(new StartOverrideNumberingValue { Val = 1 }) { LevelIndex = 0 }) { NumberID = 3 });
            var link = main.AddHyperlinkRelationship(new Uri("https://undocs.org/A/78/265"), true);
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(new Footnote(new Paragraph(new Run(new Text("A note.")))) { Id = 1 });
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(new Paragraph(new Run(new Text("Why?")))) { Id = "0", Author = "ESP" });

            Paragraph Styled(string style, params OpenXmlElement[] content) =>
                new(new[] { (OpenXmlElement)new ParagraphProperties(new ParagraphStyleId { Val = style }) }.Concat(content));
            Paragraph Numbered(int numId, params OpenXmlElement[] content) =>
                new(new[] { (OpenXmlElement)new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = numId })) }.Concat(content));
            Run R(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

            var body = new Body(
                new Paragraph(R("General Assembly")),
                new Paragraph(),
                new Paragraph(R("Open-ended working group")),
                new Paragraph(),
                new Paragraph(R("Draft outcome document")),
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }, new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 2 })),
                    R("Introduction")),
                Styled("BodyNumbered", R("States [shall / "), R("should] cooperate, as in "), new Hyperlink(R("A/78/265")) { Id = link.Id }, R("."),
                    new Run(new FootnoteReference { Id = 1 })),
                Numbered(1, R("Joined\u00A0runs "), R("with non"), new Run(new NoBreakHyphen()), R("breaking\u00A0spaces and a soft hy"), new Run(new SoftHyphen()), R("phen."),
                    new CommentRangeStart { Id = "0" }, new CommentRangeEnd { Id = "0" }, new Run(new CommentReference { Id = "0" })),
                new Paragraph(new ParagraphProperties(new OutlineLevel { Val = 1 }), R("Capacity-building")),
                new Table(new TableRow(new TableCell(new Paragraph(R("A cell."))))),
                Numbered(1, R("Third, continuing the list."), new Run(new Drawing())),
                new Paragraph(R("4 bis. A typed number.")),
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }, new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 2 })),
                    R("Annex material")),
                Numbered(3, R("The list starts again here.")),
                trackedChange
                    ? Numbered(3, R("And goes "), new InsertedRun(R("on.")) { Id = "1", Author = "ESP" })
                    : Numbered(3, R("And goes on.")));
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(body);
        }

        return stream.ToArray();
    }
}

/// <summary>
/// The seed out in a format and back in as a new document, with the same blocks. Each format runs on its own database,
/// since the import adds a second copy of the seed.
/// </summary>
public abstract class SeedRoundTripTests(DraftingApiFactory factory)
{
    private readonly HttpClient _chair = factory.ChairClient();

    protected async Task AssertRoundTripAsync(string format, string mediaType)
    {
        var documents = await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>();
        var summary = Assert.Single(documents, d => d.Symbol == "A/AC.292/2025/L.1");
        var demo = await (await _chair.GetAsync($"/api/documents/{summary.Id}")).ReadAsync<DocumentResponse>();
        var exported = await (await _chair.GetAsync($"/api/documents/{demo.Id}/text?format={format}")).Content.ReadAsByteArrayAsync();

        var content = new ByteArrayContent(exported);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await _chair.PostAsync("/api/documents/import", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var imported = await response.ReadAsync<DocumentResponse>();
        Assert.Equal(demo.Title, imported.Title);
        Assert.Equal(demo.Symbol, imported.Symbol);
        Assert.Equal(demo.Language, imported.Language);
        Assert.Equal(demo.FrontMatter.Select(f => (f.Key, f.Text, f.Group)), imported.FrontMatter.Select(f => (f.Key, f.Text, f.Group)));
        Assert.Equal(demo.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)), imported.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)));
    }
}

public class WordRoundTripTests(DraftingApiFactory factory) : SeedRoundTripTests(factory), IClassFixture<DraftingApiFactory>
{
    [Fact]
    public Task The_seed_exported_to_Word_and_imported_again_gives_the_same_blocks() =>
        AssertRoundTripAsync("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
}

public class AknRoundTripTests(DraftingApiFactory factory) : SeedRoundTripTests(factory), IClassFixture<DraftingApiFactory>
{
    [Fact]
    public Task The_seed_exported_to_Akoma_Ntoso_and_imported_again_gives_the_same_blocks() =>
        AssertRoundTripAsync("akn", "application/akn+xml");
}

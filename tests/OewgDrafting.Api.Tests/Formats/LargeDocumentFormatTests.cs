using System.Net;
using System.Net.Http.Headers;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Formats;

/// <summary>A 1,000-paragraph document with brackets and pending amendments, out to Word and Akoma Ntoso and back.</summary>
public class LargeDocumentFormatTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    [Fact]
    public async Task A_thousand_paragraphs_with_brackets_and_amendments_export_valid_packages_and_import_to_the_same_blocks()
    {
        var chair = factory.ChairClient();
        var blocks = new List<object>();
        for (var i = 1; i <= 1000; i++)
        {
            if (i % 100 == 1)
            {
                blocks.Add(new { kind = "heading", label = $"{Domain.Import.UnDocumentImporter.ToRoman(i / 100 + 1)}.", level = 1, text = $"Chapter {i / 100 + 1}" });
            }

            blocks.Add(new { kind = "paragraph", label = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                text = $"Paragraph {i}: States [shall / should] cooperate [in good faith] as in [A/{i}/1](#) w{i}." });
        }

        var created = await (await chair.PostAsync("/api/documents", JsonBody(new
        {
            symbol = "A/AC.999/2026/L.1", title = "A long report", language = "en",
            frontMatter = new[] { new { key = "body", text = "General Assembly", group = 0 } },
            blocks,
        }))).ReadAsync<DocumentResponse>();
        await chair.PostAsync($"/api/documents/{created.Id}/open", null);
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        foreach (var block in created.Blocks.Where(b => b.Kind == Domain.Documents.BlockKind.Paragraph).Take(50))
        {
            await spain.ProposeAsync(created.Id, new { kind = "replace", blockId = block.Id, baseVersion = 1, quote = $"w{block.Label}", text = "amended" });
        }

        var docx = await (await chair.GetAsync($"/api/documents/{created.Id}/text?view=compilation&format=docx")).Content.ReadAsByteArrayAsync();
        var akn = await (await chair.GetAsync($"/api/documents/{created.Id}/text?view=compilation&format=akn")).Content.ReadAsByteArrayAsync();
        Assert.Empty(Word.Validate(docx));
        Assert.Empty(Akn.Validate(akn));
        Assert.Equal(50, Word.Comments(docx).Count);

        foreach (var (format, type) in new[] { ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), ("akn", "application/akn+xml") })
        {
            var clean = await (await chair.GetAsync($"/api/documents/{created.Id}/text?format={format}")).Content.ReadAsByteArrayAsync();
            var content = new ByteArrayContent(clean);
            content.Headers.ContentType = new MediaTypeHeaderValue(type);
            var imported = await (await chair.PostAsync("/api/documents/import?symbol=A/AC.999/2026/L.1/" + format, content)).ReadAsync<DocumentResponse>();
            Assert.Equal(created.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)), imported.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)));
        }
    }
}

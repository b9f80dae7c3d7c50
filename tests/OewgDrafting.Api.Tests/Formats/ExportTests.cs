using System.Net;
using System.Net.Http.Headers;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Formats;

/// <summary>Word and Akoma Ntoso out: valid packages and documents whose texts are the API's own.</summary>
public class ExportTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private readonly HttpClient _chair = factory.ChairClient();

    private async Task<DocumentResponse> DemoAsync()
    {
        var documents = await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>();
        var demo = Assert.Single(documents, d => d.Symbol == "A/AC.292/2025/L.1");
        return await (await _chair.GetAsync($"/api/documents/{demo.Id}")).ReadAsync<DocumentResponse>();
    }

    /// <summary>A block as the exported document types it: the label and a tab, then the text.</summary>
    private static string Typed(BlockResponse block) => block.Label is null
        ? block.Text
        : (block.Kind == BlockKind.Paragraph ? block.Label + "." : block.Label) + (block.Text.Length > 0 ? "\t" + block.Text : "");

    private static IEnumerable<string> Head(DocumentResponse document) =>
        document.FrontMatter.GroupBy(f => f.Group).SelectMany((g, i) => (i > 0 ? [""] : Array.Empty<string>()).Concat(g.Select(f => f.Text)))
            .Append(document.Title);

    private async Task<byte[]> GetBytesAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        var response = await _chair.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task The_clean_text_as_Word_is_a_valid_package_in_the_layout_of_a_UN_document()
    {
        var demo = await DemoAsync();
        var response = await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{demo.Id}/text")
        {
            Headers = { Accept = { new MediaTypeWithQualityHeaderValue(DocxType) } },
        });
        Assert.Equal(DocxType, response.Content.Headers.ContentType?.MediaType);
        var package = await response.Content.ReadAsByteArrayAsync();

        Assert.Empty(Word.Validate(package));
        Assert.Equal("A/AC.292/2025/L.1", Word.HeaderText(package));
        Assert.Equal("es", Word.Language(package));
        var expected = Head(demo).Concat(demo.Blocks.Select(Typed)).ToList();
        Assert.Equal(expected, Word.Paragraphs(package, Word.Changes.AcceptAll));
        Assert.Equal(expected, Word.Paragraphs(package, Word.Changes.RejectAll));
        Assert.Equal(package.Length, (await GetBytesAsync($"/api/documents/{demo.Id}/text?format=docx")).Length);
    }

    [Fact]
    public async Task The_compilation_as_Word_has_tracked_changes_by_proposer_and_comments_and_accept_or_reject_all_give_the_APIs_texts()
    {
        var document = await factory.CreateOpenAsync(
            new { kind = "heading", label = "I.", level = 1, text = "Preamble" },
            new { kind = "paragraph", label = "1", text = "States [shall / should] cooperate, as in [A/78/265](https://undocs.org/A/78/265)." },
            new { kind = "paragraph", label = "2", text = "Second paragraph on capacity-building." },
            new { kind = "paragraph", label = "3", text = "Third paragraph." });
        foreach (var code in new[] { "ESP", "FRA", "MEX" })
        {
            await factory.EnsureDelegationAsync(code);
        }

        var spain = await factory.ClientForAsync("ESP");
        var france = await factory.ClientForAsync("FRA");
        var mexico = await factory.ClientForAsync("MEX");
        var p = document.Blocks;
        var replace = await spain.ProposeAsync(document.Id, new { kind = "replace", blockId = p[2].Id, baseVersion = 1, quote = "capacity-building", text = "technical assistance", justification = "Clearer." });
        await france.PostAsync($"/api/documents/{document.Id}/amendments/{replace.Id}/cosponsor", null);
        await mexico.PutAsync($"/api/documents/{document.Id}/amendments/{replace.Id}/positions/MEX", JsonBody(new { stance = "oppose" }));
        var insert = await mexico.ProposeAsync(document.Id, new { kind = "insert", blockId = p[1].Id, baseVersion = 1, anchor = "cooperate", placement = "after", text = " closely" });
        var delete = await france.ProposeAsync(document.Id, new { kind = "delete", blockId = p[3].Id, baseVersion = 1, quote = "Third " });
        var added = await spain.ProposeAsync(document.Id, new { kind = "addParagraph", afterBlockId = p[3].Id, text = "A new paragraph." });
        // Collides with the replacement: a comment only.
        var colliding = await mexico.ProposeAsync(document.Id, new { kind = "delete", blockId = p[2].Id, baseVersion = 1, quote = "capacity-building" });

        var package = await GetBytesAsync($"/api/documents/{document.Id}/text?view=compilation&format=docx");

        Assert.Empty(Word.Validate(package));
        var current = await (await _chair.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>();
        Assert.Equal(Head(current).Concat(current.Blocks.Select(Typed)), Word.Paragraphs(package, Word.Changes.RejectAll));
        var previews = new[] { insert, replace, delete }.ToDictionary(a => a.BlockId, a => a.Preview!.Text!);
        var accepted = current.Blocks.Select(b => previews.TryGetValue(b.Id, out var text) ? Typed(b with { Text = text }) : Typed(b)).ToList();
        // The new paragraph after the last one takes the next number, as the compilation shows it.
        accepted.Add("4.\t" + added.Text);
        Assert.Equal(Head(current).Concat(accepted), Word.Paragraphs(package, Word.Changes.AcceptAll));

        var revisions = Word.Revisions(package);
        Assert.Contains(revisions, r => r.Kind == "del" && r.Author == "ESP");
        Assert.Contains(revisions, r => r.Kind == "ins" && r.Author == "ESP");
        Assert.Contains(revisions, r => r.Kind == "ins" && r.Author == "MEX");
        Assert.Contains(revisions, r => r.Kind == "del" && r.Author == "FRA");
        Assert.All(revisions, r => Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, r.Date));
        var comments = Word.Comments(package);
        var onReplace = Assert.Single(comments, c => c.Text.StartsWith($"A{replace.Number},", StringComparison.Ordinal));
        Assert.Equal("ESP", onReplace.Author);
        Assert.Contains("co-sponsored by FRA", onReplace.Text, StringComparison.Ordinal);
        Assert.Contains("Justification: Clearer.", onReplace.Text, StringComparison.Ordinal);
        Assert.Contains("Opposed by: MEX", onReplace.Text, StringComparison.Ordinal);
        Assert.Contains(comments, c => c.Author == "MEX" && c.Text.Contains($"A{colliding.Number}", StringComparison.Ordinal)
            && c.Text.Contains("collides", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_redline_between_two_revisions_as_Word_accepts_to_the_later_text_and_rejects_to_the_earlier()
    {
        var document = await factory.CreateDraftAsync();
        await _chair.PostAsync($"/api/documents/{document.Id}/open", null);
        var zero = await (await _chair.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>();
        await _chair.PutAsync($"/api/documents/{document.Id}/blocks/{zero.Blocks[2].Id}", JsonBody(new { text = "Second paragraph, amended.", expectedVersion = 1 }));
        await _chair.DeleteAsync($"/api/documents/{document.Id}/blocks/{zero.Blocks[1].Id}?expectedVersion=1");
        await _chair.PostAsync($"/api/documents/{document.Id}/blocks", JsonBody(new { kind = "paragraph", text = "Added at the end." }));
        var later = await (await _chair.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>();

        var package = await GetBytesAsync($"/api/documents/{document.Id}/diff?from=0&to=current&format=docx");

        Assert.Empty(Word.Validate(package));
        Assert.Equal(Head(later).Concat(later.Blocks.Select(Typed)), Word.Paragraphs(package, Word.Changes.AcceptAll));
        Assert.Equal(Head(later).Concat(zero.Blocks.Select(Typed)), Word.Paragraphs(package, Word.Changes.RejectAll));
    }

    [Fact]
    public async Task The_demo_as_Akoma_Ntoso_validates_against_the_OASIS_schema_with_its_identification_structure_and_inline_marks()
    {
        var demo = await DemoAsync();
        var xml = await GetBytesAsync($"/api/documents/{demo.Id}/text", "application/akn+xml");

        Assert.Empty(Akn.Validate(xml));
        var akn = Akn.Parse(xml);
        var doc = akn.Root!.Element(Akn.Ns + "doc")!;
        Assert.Equal("report", doc.Attribute("name")!.Value);
        var work = doc.Descendants(Akn.Ns + "FRBRWork").Single();
        Assert.StartsWith("/akn/un/doc/report/", work.Element(Akn.Ns + "FRBRuri")!.Attribute("value")!.Value, StringComparison.Ordinal);
        Assert.EndsWith("/A-AC.292-2025-L.1", work.Element(Akn.Ns + "FRBRuri")!.Attribute("value")!.Value, StringComparison.Ordinal);
        Assert.Equal("spa", doc.Descendants(Akn.Ns + "FRBRlanguage").Single().Attribute("language")!.Value);
        Assert.Equal(demo.Title, doc.Descendants(Akn.Ns + "docTitle").Single().Value);
        Assert.Equal(18, doc.Descendants(Akn.Ns + "paragraph").Count(p => p.Element(Akn.Ns + "num") is not null));
        Assert.NotNull(doc.Descendants(Akn.Ns + "paragraph").SingleOrDefault(p => (string?)p.Attribute("eId") == "para_5"));
        Assert.NotNull(doc.Descendants(Akn.Ns + "section").SingleOrDefault(s => (string?)s.Attribute("eId") == "chp_II__sec_A"));
        Assert.Equal("[por completar]", doc.Descendants(Akn.Ns + "placeholder").Single().Value);
        Assert.Contains(doc.Descendants(Akn.Ns + "ref"), r => r.Value == "75/240" && r.Attribute("href")!.Value == "#");
    }

    [Fact]
    public async Task The_compilation_as_Akoma_Ntoso_lists_each_amendment_with_its_proposer_target_and_change()
    {
        var document = await factory.CreateOpenAsync();
        await factory.EnsureDelegationAsync("ESP");
        await factory.EnsureDelegationAsync("FRA");
        var spain = await factory.ClientForAsync("ESP");
        var amendment = await spain.ProposeAsync(document.Id, new
        {
            kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "work together",
            cosponsors = new[] { "FRA" }, justification = "Plain language.",
        });
        // France is invited; it co-sponsors once it confirms with its own key.
        await (await factory.ClientForAsync("FRA")).PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/cosponsor", null);

        var xml = await GetBytesAsync($"/api/documents/{document.Id}/text?view=compilation&format=akn");

        Assert.Empty(Akn.Validate(xml));
        var akn = Akn.Parse(xml);
        var list = akn.Root!.Element(Akn.Ns + "amendmentList")!;
        var components = list.Element(Akn.Ns + "collectionBody")!.Elements(Akn.Ns + "component").ToList();
        Assert.NotNull(components[0].Element(Akn.Ns + "doc"));
        var proposed = components.Single(c => (string?)c.Attribute("eId") == $"cmp_a{amendment.Number}").Element(Akn.Ns + "amendment")!;
        Assert.Contains(proposed.Descendants(Akn.Ns + "organization"), o => o.Value == "ESP" && (string?)o.Attribute("class") == "proposer");
        Assert.Contains(proposed.Descendants(Akn.Ns + "organization"), o => o.Value == "FRA" && (string?)o.Attribute("class") == "cosponsor");
        Assert.Equal("#para_1", proposed.Descendants(Akn.Ns + "ref").Single(r => (string?)r.Attribute("class") == "target").Attribute("href")!.Value);
        Assert.Equal("cooperate", proposed.Descendants(Akn.Ns + "del").Single().Value);
        Assert.Equal("work together", proposed.Descendants(Akn.Ns + "ins").Single().Value);
        Assert.Equal("Plain language.", proposed.Descendants(Akn.Ns + "amendmentJustification").Single().Value);
    }
}

using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Provenance;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Positions;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Provenance;

/// <summary>Where each paragraph came from: a paragraph's history, and the sources table of a revision.</summary>
public class ProvenanceTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private sealed record Negotiation(DocumentResponse Document, BlockResponse P1, BlockResponse P2, BlockResponse P3, Guid Added,
        int A1, int A2, int A3);

    /// <summary>
    /// ¶1–3 negotiated over two revisions: A1 (ESP, co-sponsored by FRA) edits ¶1 before Rev.1; after it, A2 (DEU) adds a
    /// paragraph after ¶1 and A3 (ESP) edits ¶3, and Rev.2 renumbers (the new paragraph becomes 2). FRA supports ¶3 before A3.
    /// </summary>
    private async Task<Negotiation> NegotiateAsync()
    {
        var document = await factory.CreateOpenAsync(
            new { kind = "heading", label = "I.", level = 1, text = "General" },
            new { kind = "paragraph", label = "1", text = "States shall cooperate on security." },
            new { kind = "paragraph", label = "2", text = "Capacity building is essential for all States." },
            new { kind = "paragraph", label = "3", text = "The group will meet twice a year in New York." });
        var (p1, p2, p3) = (document.Blocks[1], document.Blocks[2], document.Blocks[3]);
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var deu = await factory.ClientForAsync("DEU");
        var url = $"/api/documents/{document.Id}/amendments";

        var a1 = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "cooperate", text = "cooperate closely", cosponsors = new[] { "FRA" } });
        Assert.Equal(HttpStatusCode.OK, (await fra.PostAsync($"{url}/{a1.Id}/cosponsor", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"{url}/{a1.Id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _chair.PostAsync($"/api/documents/{document.Id}/revisions", JsonBody(new { renumber = false }))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fra.PutAsync($"/api/documents/{document.Id}/blocks/{p3.Id}/positions/FRA", JsonBody(new { stance = "support" }))).StatusCode);
        var a2 = await deu.ProposeAsync(document.Id, new { kind = "addParagraph", afterBlockId = p1.Id, text = "Confidence-building measures remain essential." });
        var accepted = await (await _chair.PostAsync($"{url}/{a2.Id}/accept", null)).ReadAsync<Features.Amendments.AmendmentResponse>();
        var a3 = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = p3.Id, baseVersion = 1, quote = "twice", text = "three times" });
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"{url}/{a3.Id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _chair.PostAsync($"/api/documents/{document.Id}/revisions", JsonBody(new { renumber = true }))).StatusCode);
        return new Negotiation(document, p1, p2, p3, accepted.ResultBlockId!.Value, a1.Number, a2.Number, a3.Number);
    }

    [Fact]
    public async Task The_sources_of_a_revision_name_each_paragraph_s_earlier_labels_and_the_amendments_it_took_in()
    {
        var n = await NegotiateAsync();

        var rev2 = await (await _chair.GetAsync($"/api/documents/{n.Document.Id}/revisions/2/sources")).ReadAsync<RevisionSourcesResponse>();
        Assert.Equal(("Rev.2", "Rev.1"), (rev2.Name, rev2.PreviousName));
        Assert.Collection(rev2.Rows,
            r => { Assert.Equal((n.P1.Id, "1", SourceChange.Unchanged), (r.BlockId, r.Label, r.Change)); Assert.Equal(["1"], r.PreviousLabels); Assert.Empty(r.Amendments); },
            r =>
            {
                Assert.Equal((n.Added, "2", SourceChange.New), (r.BlockId, r.Label, r.Change));
                Assert.Empty(r.PreviousLabels);
                Assert.Equal((n.A2, "DEU"), (Assert.Single(r.Amendments).Number, r.Amendments[0].Proposer));
            },
            r => { Assert.Equal((n.P2.Id, "3", SourceChange.Relabelled), (r.BlockId, r.Label, r.Change)); Assert.Equal(["2"], r.PreviousLabels); },
            r =>
            {
                Assert.Equal((n.P3.Id, "4", SourceChange.Edited), (r.BlockId, r.Label, r.Change));
                Assert.Equal(["3"], r.PreviousLabels);
                Assert.Equal((n.A3, "ESP"), (Assert.Single(r.Amendments).Number, r.Amendments[0].Proposer));
            });

        var rev1 = await (await _chair.GetAsync($"/api/documents/{n.Document.Id}/revisions/1/sources")).ReadAsync<RevisionSourcesResponse>();
        var first = rev1.Rows.Single(r => r.BlockId == n.P1.Id);
        Assert.Equal(SourceChange.Edited, first.Change);
        var a1 = Assert.Single(first.Amendments);
        Assert.Equal((n.A1, "ESP"), (a1.Number, a1.Proposer));
        Assert.Equal(["FRA"], a1.Cosponsors);
    }

    [Fact]
    public async Task The_sources_come_as_CSV_and_as_a_Word_table()
    {
        var n = await NegotiateAsync();

        var csv = await _chair.GetAsync($"/api/documents/{n.Document.Id}/revisions/2/sources?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Paragraph in Rev.2,Paragraphs in Rev.1,Amendments incorporated,Change", lines[0]);
        Assert.Contains($"4,3,A{n.A3} (ESP),edited", lines);

        var word = await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{n.Document.Id}/revisions/2/sources")
        {
            Headers = { { "Accept", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" } },
        });
        using var package = WordprocessingDocument.Open(new MemoryStream(await word.Content.ReadAsByteArrayAsync()), false);
        var rows = package.MainDocumentPart!.Document!.Body!.Descendants<TableRow>().Select(r => r.Descendants<Text>().Select(t => t.Text).ToList()).ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(["4", "3", $"A{n.A3} (ESP)", "edited"], rows[4]);

        await (await _chair.GetAsync($"/api/documents/{n.Document.Id}/revisions/2/sources?format=pdf")).AssertProblemAsync(HttpStatusCode.NotAcceptable);
        await (await _chair.GetAsync($"/api/documents/{n.Document.Id}/revisions/9/sources")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_paragraph_s_history_lists_every_version_in_order_with_its_cause()
    {
        var n = await NegotiateAsync();

        var history = await (await (await factory.ClientForAsync("DEU")).GetAsync($"/api/documents/{n.Document.Id}/blocks/{n.P3.Id}/history"))
            .ReadAsync<BlockHistoryResponse>();

        Assert.Collection(history.Versions,
            v =>
            {
                Assert.Equal((1, "3", VersionCause.Drafted), (v.Version, v.Label, v.Cause));
                Assert.Equal(["Zero draft", "Rev.1"], v.Revisions.Select(r => r.Name));
                Assert.Equal([("FRA", Stance.Support)], v.Positions.Select(p => (p.Delegation, p.Stance)));
            },
            v =>
            {
                Assert.Equal((2, "3", VersionCause.AmendmentAccepted), (v.Version, v.Label, v.Cause));
                Assert.Equal("The group will meet three times a year in New York.", v.Text);
                Assert.Equal((n.A3, "ESP"), (v.Amendment!.Number, v.Amendment.Proposer));
                Assert.Equal("CHAIR", v.Actor);
                Assert.Empty(v.Revisions);
            },
            v =>
            {
                Assert.Equal((3, "4", VersionCause.Renumbered), (v.Version, v.Label, v.Cause));
                Assert.Equal("Rev.2", v.Revision!.Name);
                Assert.Equal(["Rev.2"], v.Revisions.Select(r => r.Name));
            });
        Assert.Equal([(0, "3"), (1, "3"), (2, "4")], history.Labels.Select(l => (l.Revision, l.Label)));

        var added = await (await _chair.GetAsync($"/api/documents/{n.Document.Id}/blocks/{n.Added}/history")).ReadAsync<BlockHistoryResponse>();
        Assert.Equal(VersionCause.AmendmentAccepted, added.Versions[0].Cause);
        Assert.Equal("DEU", added.Versions[0].Amendment!.Proposer);

        await (await _chair.GetAsync($"/api/documents/{n.Document.Id}/blocks/{Guid.NewGuid()}/history")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>GET …/status-history: the convergence counts per revision, per section and over time.</summary>
public class StatusHistoryTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    [Fact]
    public async Task The_status_history_counts_each_revision_s_paragraphs_brackets_amendments_and_agreement()
    {
        var document = await factory.CreateOpenAsync(
            new { kind = "heading", label = "I.", level = 1, text = "General" },
            new { kind = "paragraph", label = "1", text = "States [shall / should / may] cooperate." },
            new { kind = "paragraph", label = "2", text = "Capacity building matters." },
            new { kind = "heading", label = "II.", level = 1, text = "Follow-up" },
            new { kind = "paragraph", label = "3", text = "The group will meet [twice] a year." });
        var esp = await factory.ClientForAsync("ESP");
        await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[2].Id, baseVersion = 1, quote = "matters", text = "is essential" });
        // A comment's events carry an "after" of their own, which is not a paragraph.
        Assert.Equal(HttpStatusCode.Created, (await esp.PostAsync($"/api/documents/{document.Id}/comments",
            JsonBody(new { blockId = document.Blocks[2].Id, text = "Which capacity?" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[4].Id}/brackets/0/resolve",
            JsonBody(new { action = "keep", alternative = 0, expectedVersion = 1 }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[4].Id}/agree", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _chair.PostAsync($"/api/documents/{document.Id}/revisions", JsonBody(new { renumber = false }))).StatusCode);

        var history = await (await _chair.GetAsync($"/api/documents/{document.Id}/status-history")).ReadAsync<StatusHistoryResponse>();

        Assert.Equal(["Zero draft", "Rev.1"], history.Revisions.Select(r => r.Name));
        Assert.Equal(new ConvergenceTotals(3, 0, 2, 3, 0), history.Revisions[0].Totals);
        Assert.Equal(new ConvergenceTotals(3, 1, 1, 3, 1), history.Revisions[1].Totals);
        Assert.Equal(history.Revisions[1].Totals, history.Current);
        Assert.Equal([("I. General", new ConvergenceTotals(2, 0, 1, 3, 1)), ("II. Follow-up", new ConvergenceTotals(1, 1, 0, 0, 0))],
            history.Sections.Select(s => (s.Heading, s.Totals)));
        Assert.Equal(history.Current, history.Timeline[^1].Totals);
    }
}

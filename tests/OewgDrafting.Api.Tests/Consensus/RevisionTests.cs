using System.Net;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Revisions;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Consensus;

public class RevisionTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    [Fact]
    public async Task The_zero_draft_is_frozen_at_opening_and_revisions_compare_paragraph_and_word_level()
    {
        var demo = (await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).Single(d => d.Symbol == "A/AC.292/2025/L.1");
        await _chair.PostAsync($"/api/documents/{demo.Id}/open", null);
        var document = await (await _chair.GetAsync($"/api/documents/{demo.Id}")).ReadAsync<DocumentResponse>();
        var p1 = document.Blocks.Single(b => b.Label == "1");
        var p3 = document.Blocks.Single(b => b.Label == "3");
        var p2 = document.Blocks.Single(b => b.Label == "2");

        // A new paragraph after 3 (3 bis), an edited paragraph 1, a deleted paragraph 2.
        var added = await (await factory.ClientForAsync("MEX")).ProposeAsync(demo.Id, new { kind = "addParagraph", afterBlockId = p3.Id, text = "Párrafo nuevo." });
        await _chair.PostAsync($"/api/documents/{demo.Id}/amendments/{added.Id}/accept", null);
        await _chair.PutAsync($"/api/documents/{demo.Id}/blocks/{p1.Id}", JsonBody(new { text = p1.Text.Replace("la Asamblea General decidió", "la Asamblea General resolvió", StringComparison.Ordinal), expectedVersion = 1 }));
        await _chair.DeleteAsync($"/api/documents/{demo.Id}/blocks/{p2.Id}?expectedVersion=1");

        var rev1 = await (await _chair.PostAsync($"/api/documents/{demo.Id}/revisions", JsonBody(new { renumber = true }))).ReadAsync<RevisionSummary>();
        Assert.Equal((1, "Rev.1", true), (rev1.Number, rev1.Name, rev1.Renumbered));
        var revisions = await (await _chair.GetAsync($"/api/documents/{demo.Id}/revisions")).ReadAsync<List<RevisionSummary>>();
        Assert.Equal(["Zero draft", "Rev.1"], revisions.Select(r => r.Name));

        // Rev.0 is the seed exactly; Rev.1 has the clean numbers.
        Assert.Equal(Fixtures.SeedNormalised, await _chair.GetStringAsync($"/api/documents/{demo.Id}/revisions/0/text?format=markdown"));
        var rev1Text = await _chair.GetStringAsync($"/api/documents/{demo.Id}/revisions/1/text?format=markdown");
        Assert.Contains("\n\n2. El grupo de trabajo celebró", rev1Text, StringComparison.Ordinal);
        Assert.Contains("\n\n3. Párrafo nuevo.\n\n4. La Oficina de Asuntos de Desarme", rev1Text, StringComparison.Ordinal);
        Assert.Contains("\n\n18. En su 11º", rev1Text, StringComparison.Ordinal);
        Assert.Contains("<article", await _chair.GetStringAsync($"/api/documents/{demo.Id}/revisions/1/text?format=html"), StringComparison.Ordinal);

        var diff = await (await _chair.GetAsync($"/api/documents/{demo.Id}/diff?from=0&to=1")).ReadAsync<DiffResponse>();
        Assert.Equal((1, 1, 1), (diff.Added, diff.Deleted, diff.Modified));
        // Paragraph 3 became 2 when 2 went; the new paragraph took 3 (it is added, not relabelled).
        Assert.Equal(1, diff.Relabelled);
        Assert.Equal(("3", "2"), diff.Blocks.Where(b => b.Relabelled).Select(b => (b.FromLabel, b.ToLabel)).Single());
        var edited = diff.Blocks.Single(b => b.BlockId == p1.Id);
        Assert.Equal(BlockChange.Modified, edited.Change);
        Assert.Contains(edited.Words!, w => w is { Type: "deleted", Text: "decidió" });
        Assert.Contains(edited.Words!, w => w is { Type: "inserted", Text: "resolvió" });
        var newParagraph = diff.Blocks.Single(b => b.Change == BlockChange.Added);
        Assert.Equal(("3", "Párrafo nuevo."), (newParagraph.ToLabel, newParagraph.ToText));
        Assert.Equal(p2.Id, diff.Blocks.Single(b => b.Change == BlockChange.Deleted).BlockId);

        var html = await _chair.GetStringAsync($"/api/documents/{demo.Id}/diff?from=0&to=current&format=html");
        Assert.Contains("<del>decidió</del><ins>resolvió</ins>", html, StringComparison.Ordinal);
        Assert.Contains("<ins>Párrafo nuevo.</ins>", html, StringComparison.Ordinal);

        await (await _chair.GetAsync($"/api/documents/{demo.Id}/diff?from=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _chair.GetAsync($"/api/documents/{demo.Id}/diff?from=0&to=latest")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _chair.GetAsync($"/api/documents/{demo.Id}/diff?from=0&to=9")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _chair.GetAsync($"/api/documents/{demo.Id}/diff?from=0&to=1&format=markdown")).AssertProblemAsync(HttpStatusCode.NotAcceptable);
        await (await _chair.GetAsync($"/api/documents/{demo.Id}/revisions/7/text")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Moved_paragraphs_are_those_out_of_the_common_order()
    {
        TextBlock B(Guid id, string label, string text) => new(id, BlockKind.Paragraph, null, label, text);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid();
        var from = new TextDocument("A/1", "T", "en", [], [B(a, "1", "One."), B(b, "2", "Two."), B(c, "3", "Three.")]);
        var to = new TextDocument("A/1", "T", "en", [], [B(c, "1", "Three."), B(a, "2", "One."), B(b, "3", "Two.")]);

        var diff = DocumentDiff.Compare("0", from, "1", to);

        Assert.Equal([c], diff.Blocks.Where(x => x.Moved).Select(x => x.BlockId));
        Assert.Equal(3, diff.Relabelled);
        Assert.All(diff.Blocks, x => Assert.Equal(BlockChange.Unchanged, x.Change));
    }
}

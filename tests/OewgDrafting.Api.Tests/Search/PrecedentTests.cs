using System.Net;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.Search;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Search;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Search;

/// <summary>POST /api/precedents, and the agreed-language mark on a proposal's answer and in the compilation.</summary>
public class PrecedentTests(ReferenceLibraryFactory factory) : IClassFixture<ReferenceLibraryFactory>
{
    private const string AgreedSentence = "Subraya la importancia de las medidas de fomento de la confianza y la creación de capacidad.";

    private readonly HttpClient _chair = factory.ChairClient();

    private async Task<PrecedentResponse> PrecedentsAsync(object body)
    {
        var response = await _chair.PostAsync("/api/precedents", JsonBody(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<PrecedentResponse>();
    }

    [Fact]
    public async Task The_longest_agreed_passages_of_a_text_are_found_with_their_sources()
    {
        var library = await factory.LibraryAsync();
        var text = "Los Estados reafirman que el derecho internacional se aplica a la utilización de las tecnologías de la información "
            + "y las comunicaciones, y piden un calendario nuevo.";

        var found = await PrecedentsAsync(new { text });

        var passage = Assert.Single(found.Passages, p => p.Words >= 10);
        Assert.Equal("A/77/275", passage.Source.Symbol);
        Assert.Equal("2", passage.Source.Label);
        Assert.Equal(new DateOnly(2022, 7, 28), passage.Source.AdoptedOn);
        Assert.StartsWith("que el derecho internacional se aplica a la utilización", passage.Text, StringComparison.Ordinal);
        Assert.Null(found.AgreedLanguage);
        Assert.InRange(found.Covered, 0.5, 0.99);
        Assert.Equal(library.Report.Id, passage.Source.DocumentId);
    }

    [Fact]
    public async Task A_sentence_of_a_reference_text_is_agreed_language()
    {
        var found = await PrecedentsAsync(new { text = AgreedSentence });

        Assert.Equal("agreed language: A/RES/75/240, ¶2", found.AgreedLanguage!.Note);
        Assert.Equal(1.0, Assert.Single(found.Passages).Coverage);
    }

    [Fact]
    public async Task A_text_a_few_words_away_from_an_adopted_paragraph_is_a_near_match_with_its_diff()
    {
        var found = await PrecedentsAsync(new { text = "Subraya la importancia de las medidas de fomento de la seguridad y la creación de capacidad." });

        Assert.Null(found.AgreedLanguage);
        var near = Assert.Single(found.NearMatches, n => n.Source.Symbol == "A/RES/75/240");
        Assert.Equal(2, near.WordsDifferent);
        Assert.Contains(near.Diff, d => d.Op == DiffOp.Inserted && d.Text == "seguridad");
        Assert.Contains(near.Diff, d => d.Op == DiffOp.Deleted && d.Text == "confianza");
    }

    [Fact]
    public async Task A_proposal_in_agreed_language_is_marked_in_its_answer_and_in_the_compilation()
    {
        await factory.LibraryAsync();
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");

        var proposed = await esp.ProposeAsync(document.Id,
            new { kind = "replace", blockId = document.Blocks[2].Id, baseVersion = 1, quote = "Second paragraph.", text = AgreedSentence });

        Assert.Equal("A/RES/75/240", proposed.AgreedLanguage!.Symbol);
        Assert.Equal("2", proposed.AgreedLanguage.Label);
        var read = await (await esp.GetAsync($"/api/documents/{document.Id}/amendments/{proposed.Id}")).ReadAsync<Features.Amendments.AmendmentResponse>();
        Assert.Equal("agreed language: A/RES/75/240, ¶2", read.AgreedLanguage!.Note);
        var byId = await PrecedentsAsync(new { amendmentId = proposed.Id });
        Assert.Equal("A/RES/75/240", byId.AgreedLanguage!.Symbol);

        var json = await (await _chair.GetAsync($"/api/documents/{document.Id}/text?view=compilation&format=json")).ReadJsonAsync();
        Assert.Contains("\"agreedLanguage\":\"agreed language: A/RES/75/240, \\u00B6" + "2\"", json.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var markdown = await (await _chair.GetAsync($"/api/documents/{document.Id}/text?view=compilation&format=markdown")).Content.ReadAsStringAsync();
        Assert.Contains("A1: ESP; agreed language: A/RES/75/240, ¶2", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposal_in_new_words_is_not_marked()
    {
        await factory.LibraryAsync();
        var document = await factory.CreateOpenAsync();
        var proposed = await (await factory.ClientForAsync("FRA")).ProposeAsync(document.Id,
            new { kind = "replace", blockId = document.Blocks[2].Id, baseVersion = 1, quote = "Second paragraph.", text = "An entirely new sentence of our own making." });

        Assert.Null(proposed.AgreedLanguage);
    }

    [Fact]
    public async Task Bad_precedent_requests_are_refused()
    {
        await (await _chair.PostAsync("/api/precedents", JsonBody(new { }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.PostAsync("/api/precedents", JsonBody(new { text = "…, ;" }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.PostAsync("/api/precedents", JsonBody(new { text = new string('a', 20_001) }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.PostAsync("/api/precedents", JsonBody(new { amendmentId = Guid.NewGuid() }))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _chair.PostAsync("/api/precedents", JsonBody("{\"text\": 5"))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}

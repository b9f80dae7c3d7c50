using System.Net;
using System.Net.Http.Headers;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Tests.Documents;

/// <summary>A newcomer's first run: the demo document is there, and renders in every format.</summary>
public class DemoDocumentTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _client = factory.ChairClient();

    private async Task<DocumentSummary> DemoAsync()
    {
        var documents = await (await _client.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>();
        return Assert.Single(documents, d => d.Symbol == "A/AC.292/2025/L.1");
    }

    [Fact]
    public async Task The_demo_document_is_loaded_on_first_start_with_its_structure()
    {
        var demo = await DemoAsync();
        var document = await (await _client.GetAsync($"/api/documents/{demo.Id}")).ReadAsync<DocumentResponse>();

        Assert.Equal("es", document.Language);
        Assert.Equal(DocumentStatus.Draft, document.Status);
        Assert.Equal(18, document.Blocks.Count(b => b.Kind == BlockKind.Paragraph && b.Label is not null));
        Assert.Equal(11, document.Blocks.Count(b => b.Kind == BlockKind.Heading));
        var bracketed = Assert.Single(document.Blocks, b => b.OpenBrackets > 0);
        Assert.Equal("[por completar]", bracketed.Text);
        Assert.Equal(1, bracketed.OpenBrackets);
        Assert.All(document.Blocks, b => Assert.Equal(1, b.Version));
        Assert.Equal(8, document.FrontMatter.Count);
    }

    [Fact]
    public async Task Markdown_export_gives_the_seed_back_exactly()
    {
        var demo = await DemoAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{demo.Id}/text");
        request.Headers.Accept.ParseAdd("text/markdown");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(Fixtures.SeedNormalised, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain", null, "text/plain")]
    [InlineData("text/html", null, "text/html")]
    [InlineData("application/json", null, "application/json")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", null, "text/html")]
    [InlineData("application/xml;q=0.9, text/markdown;q=0.5", null, "text/markdown")]
    [InlineData(null, null, "application/json")]
    [InlineData("text/html", "markdown", "text/markdown")]
    [InlineData(null, "plain", "text/plain")]
    [InlineData(null, "html", "text/html")]
    [InlineData(null, "json", "application/json")]
    public async Task The_format_follows_the_Accept_header_or_the_format_parameter(string? accept, string? format, string expected)
    {
        var demo = await DemoAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{demo.Id}/text" + (format is null ? "" : $"?format={format}"));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Plain_text_keeps_only_the_real_bracket()
    {
        var demo = await DemoAsync();

        var plain = await _client.GetStringAsync($"/api/documents/{demo.Id}/text?format=plain");

        Assert.Single(plain, '[');
        Assert.Contains("En su resolución 75/240, la Asamblea General", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plain_compilation_writes_references_by_their_labels()
    {
        var demo = await DemoAsync();

        var plain = await _client.GetStringAsync($"/api/documents/{demo.Id}/text?view=compilation&format=plain");
        var markdown = await _client.GetStringAsync($"/api/documents/{demo.Id}/text?view=compilation&format=markdown");

        Assert.Contains("[75/240](", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("](", plain, StringComparison.Ordinal);
        Assert.Contains("75/240", plain, StringComparison.Ordinal);
        Assert.Contains("[por completar]", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_marks_the_placeholder_as_a_bracket_and_the_references_as_links()
    {
        var demo = await DemoAsync();

        var html = await _client.GetStringAsync($"/api/documents/{demo.Id}/text?format=html");

        Assert.Contains("<span class=\"bracket\" data-bracket=\"0\">[por completar]</span>", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"reference\" href=\"#\">A/77/275</a>", html, StringComparison.Ordinal);
        Assert.Contains("<article class=\"document\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_gives_each_block_its_parsed_segments()
    {
        var demo = await DemoAsync();

        var text = await (await _client.GetAsync($"/api/documents/{demo.Id}/text")).ReadAsync<DocumentTextResponse>();

        var paragraph1 = Assert.Single(text.Blocks, b => b.Label == "1");
        Assert.Equal([typeof(TextSegmentDto), typeof(ReferenceSegmentDto), typeof(TextSegmentDto)], paragraph1.Segments.Select(s => s.GetType()));
        Assert.Equal("75/240", Assert.IsType<ReferenceSegmentDto>(paragraph1.Segments[1]).Label);
        var placeholder = text.Blocks[^1];
        var bracket = Assert.IsType<BracketSegmentDto>(Assert.Single(placeholder.Segments));
        Assert.Equal(0, bracket.Index);
        Assert.Equal("por completar", Assert.IsType<TextSegmentDto>(Assert.Single(Assert.Single(bracket.Alternatives))).Text);
        Assert.Equal(13, text.Blocks.Sum(b => b.Segments.Count(s => s is ReferenceSegmentDto)));
    }

    [Theory]
    [InlineData("/text")]
    [InlineData("/text?view=compilation&format=json")]
    [InlineData("")]
    [InlineData("/events")]
    public async Task Json_sends_letters_as_UTF_8_not_as_escapes(string path)
    {
        var demo = await DemoAsync();

        var body = await _client.GetStringAsync($"/api/documents/{demo.Id}{path}");

        Assert.DoesNotContain("\\u00", body, StringComparison.Ordinal);
        Assert.Matches("[áéíóúñ]", body);
    }

    [Fact]
    public async Task A_format_nobody_can_produce_is_not_acceptable()
    {
        var demo = await DemoAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{demo.Id}/text");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));

        await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.NotAcceptable);
        await (await _client.GetAsync($"/api/documents/{demo.Id}/text?format=pdf")).AssertProblemAsync(HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task Health_includes_the_database()
    {
        var response = await _client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
    }
}

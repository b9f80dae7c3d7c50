using System.Net;
using System.Text;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Documents;

public class ImportTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    private readonly HttpClient _client = factory.ChairClient();

    private async Task<int> DocumentCountAsync() =>
        (await (await _client.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).Count;

    [Fact]
    public async Task Importing_the_seed_answers_201_with_the_document_and_its_location()
    {
        var response = await _client.PostAsync("/api/documents/import?symbol=A/AC.292/2025/L.1", TextBody(Fixtures.Seed));

        var document = await response.ReadAsync<DocumentResponse>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/documents/{document.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("A/AC.292/2025/L.1", document.Symbol);
        Assert.Equal("es", document.Language);
        Assert.Empty(document.Warnings!);
        Assert.Equal(30, document.Blocks.Count);

        var fetched = await (await _client.GetAsync(response.Headers.Location)).ReadAsync<DocumentResponse>();
        Assert.Equal(document.Blocks.Select(b => b.Id), fetched.Blocks.Select(b => b.Id));
        var markdown = await _client.GetStringAsync($"{response.Headers.Location}/text?format=markdown");
        Assert.Equal(Fixtures.SeedNormalised, markdown);
    }

    [Fact]
    public async Task Plain_text_imports_too_and_real_texts_with_unbalanced_brackets_import_with_warnings()
    {
        var text = "General Assembly\n\nDraft declaration\n\nI. Preamble\n\n1. States [shall take note.\n";

        var response = await _client.PostAsync("/api/documents/import?symbol=A/1&language=en", TextBody(text, "text/plain"));

        var document = await response.ReadAsync<DocumentResponse>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warning = Assert.Single(document.Warnings!);
        Assert.Contains("position 7", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, document.Blocks[1].OpenBrackets);
    }

    public static TheoryData<string, HttpContent, HttpStatusCode> BadImports => new()
    {
        { "?symbol=A/1", TextBody("   \n\n  "), HttpStatusCode.BadRequest },
        { "?symbol=A/1", new ByteArrayContent([]) { Headers = { ContentType = new("text/markdown") } }, HttpStatusCode.BadRequest },
        { "?symbol=A/1", new ByteArrayContent([0xC3, 0x28, 0x41]) { Headers = { ContentType = new("text/plain") } }, HttpStatusCode.BadRequest },
        { "?symbol=A/1", JsonBody("{\"text\":\"x\"}"), HttpStatusCode.UnsupportedMediaType },
        { "?symbol=A/1", new StringContent("I. x", Encoding.Latin1, "text/plain"), HttpStatusCode.UnsupportedMediaType },
        { "?symbol=A/1", new ByteArrayContent("I. x"u8.ToArray()), HttpStatusCode.UnsupportedMediaType },
        { "", TextBody("Body\n\nTitle\n\nI. Heading\n\n1. Text.\n"), HttpStatusCode.UnprocessableEntity },
        { "?symbol=A/1", TextBody("I. Heading\n\n1. Text without a title.\n"), HttpStatusCode.UnprocessableEntity },
        { "?symbol=A/1&language=not a language", TextBody("Body\n\nTitle\n\nI. Heading\n\n1. Text.\n"), HttpStatusCode.UnprocessableEntity },
    };

    [Theory]
    [MemberData(nameof(BadImports))]
    public async Task Bad_imports_are_problems_and_write_nothing(string query, HttpContent content, HttpStatusCode status)
    {
        var before = await DocumentCountAsync();

        var problem = await (await _client.PostAsync("/api/documents/import" + query, content)).AssertProblemAsync(status);

        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.Equal(before, await DocumentCountAsync());
    }

    [Fact]
    public async Task A_missing_symbol_is_reported_on_the_symbol_field()
    {
        var problem = await (await _client.PostAsync("/api/documents/import", TextBody(Fixtures.Seed)))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]?["symbol"]);
    }
}

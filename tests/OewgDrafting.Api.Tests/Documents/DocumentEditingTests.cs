using System.Net;
using System.Net.Http.Json;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Documents;

public class DocumentEditingTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    private readonly HttpClient _client = factory.ChairClient();

    private Task<DocumentResponse> CreateAsync(params object[] blocks) => factory.CreateDraftAsync(blocks);

    private async Task<DocumentResponse> GetAsync(Guid id) => await (await _client.GetAsync($"/api/documents/{id}")).ReadAsync<DocumentResponse>();

    [Fact]
    public async Task Creating_a_document_from_json_gives_201_with_its_blocks_in_order()
    {
        var document = await CreateAsync();

        Assert.Equal(DocumentStatus.Draft, document.Status);
        Assert.Equal(1, document.Version);
        Assert.Equal(["I.", "1", "2"], document.Blocks.Select(b => b.Label));
        Assert.Equal([null, 1, 0], document.Blocks.Select(b => b.Kind == BlockKind.Heading ? (int?)null : b.OpenBrackets));
        Assert.Equal(1, document.Blocks[0].Level);
        Assert.Null(document.Blocks[1].Level);
        Assert.All(document.Blocks, b => Assert.Equal(BlockStatus.Draft, b.Status));
    }

    [Fact]
    public async Task A_block_may_be_its_label_alone_so_a_document_read_back_can_be_created_again()
    {
        var original = await CreateAsync(
            new { kind = "paragraph", label = "1", text = "First." },
            new { kind = "heading", label = "Anexo", level = 1, text = "" });

        var created = await _client.PostAsync("/api/documents", JsonBody(new
        {
            symbol = original.Symbol + "/COPY",
            title = original.Title,
            language = original.Language,
            frontMatter = original.FrontMatter,
            blocks = original.Blocks.Select(b => new { kind = b.Kind, label = b.Label, level = b.Level, text = b.Text }),
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var copy = await created.ReadAsync<DocumentResponse>();

        Assert.Equal(original.Blocks.Select(b => (b.Kind, b.Label, b.Level, b.Text)), copy.Blocks.Select(b => (b.Kind, b.Label, b.Level, b.Text)));
        Assert.Equal("", copy.Blocks[^1].Text);
    }

    [Fact]
    public async Task A_paragraph_added_between_1_and_2_is_1_bis_then_1_ter_and_one_added_at_the_end_takes_the_next_number()
    {
        var document = await CreateAsync();
        var one = document.Blocks[1];

        var bis = await (await _client.PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "Inserted.", afterBlockId = one.Id }))).ReadAsync<BlockResponse>();
        var ter = await (await _client.PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "Inserted again.", afterBlockId = bis.Id }))).ReadAsync<BlockResponse>();
        var three = await (await _client.PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "At the end." }))).ReadAsync<BlockResponse>();
        var unnumbered = await (await _client.PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "Chapeau.", atStart = true, numbered = false }))).ReadAsync<BlockResponse>();

        Assert.Equal(["1 bis", "1 ter", "3"], new[] { bis, ter, three }.Select(b => b.Label));
        Assert.Null(unnumbered.Label);
        var after = await GetAsync(document.Id);
        Assert.Equal([null, "I.", "1", "1 bis", "1 ter", "2", "3"], after.Blocks.Select(b => b.Label));
        Assert.Equal(document.Version + 4, after.Version);
        var markdown = await _client.GetStringAsync($"/api/documents/{document.Id}/text?format=markdown");
        Assert.Contains("1 bis. Inserted.\n\n1 ter. Inserted again.\n\n2. Second paragraph.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_insertions_at_the_same_place_keep_their_order()
    {
        var document = await CreateAsync();
        var after = document.Blocks[1].Id;
        for (var i = 0; i < 25; i++)
        {
            // Always directly after paragraph 1: each new one goes before the previous insertions.
            var block = await (await _client.PostAsync($"/api/documents/{document.Id}/blocks",
                JsonBody(new { kind = "paragraph", text = $"Insert {i}.", numbered = false, afterBlockId = after }))).ReadAsync<BlockResponse>();
            Assert.NotNull(block);
        }

        var texts = (await GetAsync(document.Id)).Blocks.Select(b => b.Text).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"Insert {i}."), texts.Skip(2).Take(25));
        Assert.Equal("Second paragraph.", texts[^1]);
    }

    [Fact]
    public async Task Editing_with_the_current_version_in_If_Match_succeeds_and_returns_the_new_ETag()
    {
        var document = await CreateAsync();
        var block = document.Blocks[1];

        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{document.Id}/blocks/{block.Id}")
        {
            Content = JsonBody(new { text = "States shall cooperate [fully]." }),
        }.WithIfMatch("\"1\"");
        var response = await _client.SendAsync(request);

        var edited = await response.ReadAsync<BlockResponse>();
        Assert.Equal(2, edited.Version);
        Assert.Equal(1, edited.OpenBrackets);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal("1", edited.Label);
        var fetched = await _client.GetAsync($"/api/documents/{document.Id}/blocks/{block.Id}");
        Assert.Equal("\"2\"", fetched.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Two_chairs_editing_the_same_version_do_not_lose_an_update()
    {
        var document = await CreateAsync();
        var block = document.Blocks[1];

        var first = await _client.PutAsync($"/api/documents/{document.Id}/blocks/{block.Id}",
            JsonBody(new { text = "First edit.", expectedVersion = 1 }));
        var second = await _client.PutAsync($"/api/documents/{document.Id}/blocks/{block.Id}",
            JsonBody(new { text = "Second edit, based on the old text.", expectedVersion = 1 }));
        var viaHeader = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{document.Id}/blocks/{block.Id}")
        {
            Content = JsonBody(new { text = "Third edit." }),
        }.WithIfMatch("\"1\""));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var conflict = await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, conflict["currentVersion"]!.GetValue<int>());
        await viaHeader.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var now = await GetAsync(document.Id);
        Assert.Equal("First edit.", now.Blocks[1].Text);
        Assert.Equal(document.Version + 1, now.Version);
    }

    [Fact]
    public async Task Concurrent_edits_of_one_paragraph_give_exactly_one_success()
    {
        var document = await CreateAsync();
        var block = document.Blocks[1];

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _client.PutAsync(
            $"/api/documents/{document.Id}/blocks/{block.Id}", JsonBody(new { text = $"Edit {i}.", expectedVersion = 1 }))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(2, (await GetAsync(document.Id)).Blocks[1].Version);
    }

    [Fact]
    public async Task An_edit_without_a_version_is_refused_as_precondition_required()
    {
        var document = await CreateAsync();

        await (await _client.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}", JsonBody(new { text = "No version." })))
            .AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal(document.Blocks[1].Text, (await GetAsync(document.Id)).Blocks[1].Text);
    }

    [Fact]
    public async Task Unbalanced_brackets_are_a_400_with_their_position_and_change_nothing()
    {
        var document = await CreateAsync();
        var block = document.Blocks[1];

        var problem = await (await _client.PutAsync($"/api/documents/{document.Id}/blocks/{block.Id}",
            JsonBody(new { text = "States [shall cooperate.", expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        var onAdd = await (await _client.PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "a ] b" }))).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(7, problem["position"]!.GetValue<int>());
        Assert.NotNull(problem["errors"]!["text"]);
        Assert.Equal(2, onAdd["position"]!.GetValue<int>());
        var after = await GetAsync(document.Id);
        Assert.Equal(document.Version, after.Version);
        Assert.Equal(document.Blocks.Select(b => (b.Text, b.Version)), after.Blocks.Select(b => (b.Text, b.Version)));
    }

    [Fact]
    public async Task Deleting_a_block_needs_its_version()
    {
        var document = await CreateAsync();
        var block = document.Blocks[2];

        await (await _client.DeleteAsync($"/api/documents/{document.Id}/blocks/{block.Id}")).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await _client.DeleteAsync($"/api/documents/{document.Id}/blocks/{block.Id}?expectedVersion=7")).AssertProblemAsync(HttpStatusCode.Conflict);
        var deleted = await _client.DeleteAsync($"/api/documents/{document.Id}/blocks/{block.Id}?expectedVersion=1");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(["I.", "1"], (await GetAsync(document.Id)).Blocks.Select(b => b.Label));
        await (await _client.GetAsync($"/api/documents/{document.Id}/blocks/{block.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_label_already_used_is_refused()
    {
        var document = await CreateAsync();

        var problem = await (await _client.PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "Duplicate.", label = "2" }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["label"]);

        await (await _client.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}",
            JsonBody(new { text = "x", label = "2", expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    public static TheoryData<string, HttpStatusCode, string?> BadCreates => new()
    {
        { "{ not json", HttpStatusCode.BadRequest, null },
        { "", HttpStatusCode.BadRequest, null },
        { "[]", HttpStatusCode.BadRequest, null },
        { "{\"symbol\": 5, \"title\": \"t\", \"language\": \"en\"}", HttpStatusCode.BadRequest, "$.symbol" },
        { "{\"symbol\": \"A/1\", \"title\": \"t\", \"language\": \"en\", \"blocks\": [{\"kind\": \"chapter\", \"text\": \"x\"}]}", HttpStatusCode.BadRequest, "$.blocks[0].kind" },
        { "{\"symbol\": \"A/1\", \"title\": \"t\", \"language\": \"en\", \"colour\": \"blue\"}", HttpStatusCode.BadRequest, null },
        { "{\"title\": \"t\", \"language\": \"en\"}", HttpStatusCode.UnprocessableEntity, "symbol" },
        { "{\"symbol\": \"A/1\", \"title\": \"\", \"language\": \"en\"}", HttpStatusCode.UnprocessableEntity, "title" },
        { "{\"symbol\": \"A/1\", \"title\": \"t\", \"language\": \"english please\"}", HttpStatusCode.UnprocessableEntity, "language" },
        { "{\"symbol\": \"A/1\", \"title\": \"t\", \"language\": \"en\", \"frontMatter\": [{\"key\": \"colour\", \"text\": \"x\", \"group\": 0}]}", HttpStatusCode.UnprocessableEntity, "frontMatter[0].key" },
        { "{\"symbol\": \"A/1\", \"title\": \"t\", \"language\": \"en\", \"blocks\": [{\"kind\": \"paragraph\"}]}", HttpStatusCode.UnprocessableEntity, "blocks[0].text" },
        { "{\"symbol\": \"A/1\", \"title\": \"t\", \"language\": \"en\", \"blocks\": [{\"kind\": \"heading\", \"text\": \"x\", \"level\": 9}]}", HttpStatusCode.UnprocessableEntity, "level" },
        { "{\"symbol\": \"A/1\", \"title\": \"t\", \"language\": \"en\", \"blocks\": [{\"kind\": \"paragraph\", \"text\": \"[x\"}]}", HttpStatusCode.BadRequest, "text" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Bad_documents_are_problems_with_the_field_and_write_nothing(string json, HttpStatusCode status, string? field)
    {
        var before = (await (await _client.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).Count;

        var problem = await (await _client.PostAsync("/api/documents", JsonBody(json))).AssertProblemAsync(status);

        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        if (field is not null)
        {
            Assert.NotNull(problem["errors"]?[field]);
        }

        Assert.Equal(before, (await (await _client.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).Count);
    }

    [Fact]
    public async Task A_json_endpoint_refuses_other_content_types_and_names_the_one_it_reads()
    {
        var problem = await (await _client.PostAsync("/api/documents", TextBody("symbol=A/1", "application/x-www-form-urlencoded")))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.StartsWith("This endpoint reads application/json, not 'application/x-www-form-urlencoded", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_documents_and_blocks_are_404_problems()
    {
        var document = await CreateAsync();
        var unknown = Guid.NewGuid();

        await (await _client.GetAsync($"/api/documents/{unknown}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/documents/{unknown}/text")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/api/documents/not-a-guid")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/api/documents/{unknown}/blocks", JsonBody(new { kind = "paragraph", text = "x" })))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PutAsync($"/api/documents/{document.Id}/blocks/{unknown}", JsonBody(new { text = "x", expectedVersion = 1 })))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/api/documents/{unknown}/blocks/{unknown}?expectedVersion=1")).AssertProblemAsync(HttpStatusCode.NotFound);
        var afterUnknown = await (await _client.PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "x", afterBlockId = unknown }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(afterUnknown["errors"]!["afterBlockId"]);
        Assert.Equal(document.Version, (await GetAsync(document.Id)).Version);
    }

    [Theory]
    [InlineData("{\"text\": \"x\", \"expectedVersion\": \"one\"}")]
    [InlineData("{\"text\": [1], \"expectedVersion\": 1}")]
    [InlineData("{\"text\": \"x\", \"expectedVersion\": 1")]
    public async Task Malformed_edits_are_400_problems(string json)
    {
        var document = await CreateAsync();

        await (await _client.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}", JsonBody(json)))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(document.Version, (await GetAsync(document.Id)).Version);
    }

    [Fact]
    public async Task A_bad_If_Match_is_a_problem_not_a_crash()
    {
        var document = await CreateAsync();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}")
        {
            Content = JsonContent.Create(new { text = "x" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");

        await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }
}

public sealed class SmallBodyLimitFactory : DraftingApiFactory
{
    protected override bool SeedDemo => false;

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Limits:MaxRequestBodyBytes"] = "2048" };
}

public class RequestLimitTests(SmallBodyLimitFactory factory) : IClassFixture<SmallBodyLimitFactory>
{
    private readonly HttpClient _client = factory.ChairClient();

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_writes_nothing()
    {
        await (await _client.PostAsync("/api/documents/import?symbol=A/1", TextBody(Fixtures.Seed)))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        // Without a declared length the body is cut off as it streams in.
        var streamed = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Fixtures.Seed)));
        streamed.Headers.ContentType = new("text/markdown");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents/import?symbol=A/1") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Empty(await (await _client.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>());
    }
}

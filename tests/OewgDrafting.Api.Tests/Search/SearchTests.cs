using System.Net;
using System.Net.Http.Json;
using OewgDrafting.Api.Features.Search;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Search;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Search;

/// <summary>GET /api/search over reference texts, amendments and comments: what is found, by whom, and what is refused.</summary>
public class SearchTests(ReferenceLibraryFactory factory) : IClassFixture<ReferenceLibraryFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private static async Task<SearchResponse> SearchAsync(HttpClient client, string query, string filters = "")
    {
        var response = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(query)}&limit=100{filters}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<SearchResponse>();
    }

    [Fact]
    public async Task Reference_texts_are_imported_adopted_and_read_only()
    {
        var library = await factory.LibraryAsync();

        Assert.All(library.All, d =>
        {
            Assert.Equal(DocumentKind.Reference, d.Kind);
            Assert.Equal(DocumentStatus.Adopted, d.Status);
            Assert.All(d.Blocks, b => Assert.Equal(BlockStatus.Adopted, b.Status));
        });
        Assert.Equal(new DateOnly(2020, 12, 31), library.Resolution.AdoptedOn);
        Assert.Equal("General Assembly", library.Resolution.AdoptingBody);
        var paragraph = library.Resolution.Blocks.First(b => b.Label == "1");
        await (await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{library.Resolution.Id}/blocks/{paragraph.Id}")
        {
            Content = JsonBody(new { text = "Changed.", expectedVersion = 1 }),
        })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PostAsync($"/api/documents/{library.Resolution.Id}/open", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_reference_import_with_a_bad_kind_or_day_is_refused_and_creates_nothing()
    {
        var before = (await (await _chair.GetAsync("/api/documents")).ReadAsync<List<Features.Documents.DocumentSummary>>()).Count;

        await (await _chair.PostAsync("/api/documents/import?kind=novel&symbol=A%2FX%2F1&language=es", TextBody(ReferenceLibraryFactory.Resolution)))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var badDay = await (await _chair.PostAsync("/api/documents/import?kind=reference&symbol=A%2FX%2F1&language=es&adoptedOn=31%2F12%2F2020",
            TextBody(ReferenceLibraryFactory.Resolution))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(badDay["errors"]!["adoptedOn"]);
        var notReference = await (await _chair.PostAsync("/api/documents/import?symbol=A%2FX%2F1&language=es&adoptedOn=2020-12-31",
            TextBody(ReferenceLibraryFactory.Resolution))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(notReference["errors"]!["kind"]);

        Assert.Equal(before, (await (await _chair.GetAsync("/api/documents")).ReadAsync<List<Features.Documents.DocumentSummary>>()).Count);
    }

    [Fact]
    public async Task A_phrase_query_finds_exactly_the_paragraphs_that_contain_the_phrase()
    {
        var library = await factory.LibraryAsync();
        const string phrase = "tecnologías de la información y las comunicaciones";
        var wanted = " " + SearchText.Indexed(phrase) + " ";
        var expected = library.All.SelectMany(d => d.Blocks).Where(b => (" " + SearchText.Indexed(b.Text) + " ").Contains(wanted, StringComparison.Ordinal))
            .Select(b => b.Id).ToHashSet();

        var found = await SearchAsync(_chair, $"\"{phrase}\"", "&type=paragraph");

        Assert.True(expected.Count >= 4);
        Assert.Equal(expected.Count, found.Total);
        Assert.Equal(expected, found.Results.Select(r => r.BlockId!.Value).ToHashSet());
        Assert.All(found.Results, r => Assert.Contains(r.Snippet.Highlights,
            h => SearchText.Indexed(r.Snippet.Text.Substring(h.Start, h.Length)) == wanted.Trim()));

        // Pages share the total: a page of two, and a page past the end, still say how many there are.
        var first = (await (await _chair.GetAsync($"/api/search?q={Uri.EscapeDataString($"\"{phrase}\"")}&type=paragraph&limit=2")).ReadAsync<SearchResponse>());
        var past = (await (await _chair.GetAsync($"/api/search?q={Uri.EscapeDataString($"\"{phrase}\"")}&type=paragraph&offset=500")).ReadAsync<SearchResponse>());
        Assert.Equal((expected.Count, 2), (first.Total, first.Results.Count));
        Assert.Equal((expected.Count, 0), (past.Total, past.Results.Count));
    }

    [Fact]
    public async Task Words_without_their_accents_find_the_accented_text()
    {
        var library = await factory.LibraryAsync();

        var found = await SearchAsync(_chair, "tecnologias de la informacion", $"&document={library.Resolution.Id}");

        Assert.Equal(["1", "3"], found.Results.Select(r => r.Label).Order(StringComparer.Ordinal));
        Assert.All(found.Results, r =>
        {
            Assert.Equal("A/RES/75/240", r.Symbol);
            Assert.Equal(SearchStanding.Adopted, r.Status);
            Assert.Equal(DocumentKind.Reference, r.DocumentKind);
        });
    }

    [Theory]
    [InlineData("negociación")]
    [InlineData("negociaciones")]
    public async Task A_Spanish_word_finds_its_other_forms(string word)
    {
        var library = await factory.LibraryAsync();
        var negotiation = library.Seed.Blocks.First(b => b.Text.Contains("negociación sobre", StringComparison.Ordinal));
        var negotiations = library.Resolution.Blocks.Single(b => b.Label == "3");

        var found = await SearchAsync(_chair, word, "&kind=reference");

        Assert.Contains(found.Results, r => r.BlockId == negotiation.Id);
        Assert.Contains(found.Results, r => r.BlockId == negotiations.Id);
    }

    [Fact]
    public async Task Filters_narrow_by_adoption_day_and_document()
    {
        var library = await factory.LibraryAsync();

        var before2021 = await SearchAsync(_chair, "tecnologías", "&adoptedTo=2020-12-31");
        var after2021 = await SearchAsync(_chair, "tecnologías", "&adoptedFrom=2021-01-01&status=adopted");

        Assert.All(before2021.Results, r => Assert.Equal(library.Resolution.Id, r.DocumentId));
        Assert.NotEmpty(before2021.Results);
        Assert.DoesNotContain(after2021.Results, r => r.DocumentId == library.Resolution.Id);
        Assert.Contains(after2021.Results, r => r.DocumentId == library.Report.Id);
        Assert.Contains(after2021.Results, r => r.DocumentId == library.Seed.Id);
    }

    [Fact]
    public async Task A_chair_only_comment_is_found_by_the_chair_and_by_no_delegation()
    {
        await factory.LibraryAsync();
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        Assert.Equal(HttpStatusCode.Created, (await esp.PostAsync($"/api/documents/{document.Id}/comments",
            JsonBody(new { blockId = document.Blocks[1].Id, text = "Our capital rejects the quokkaesque wording.", visibility = "chair" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await esp.PostAsync($"/api/documents/{document.Id}/comments",
            JsonBody(new { blockId = document.Blocks[1].Id, text = "Everyone may read this wombatlike remark." }))).StatusCode);

        var byChair = await SearchAsync(_chair, "quokkaesque");
        Assert.Equal(SearchResultType.Comment, Assert.Single(byChair.Results).Type);
        Assert.Empty((await SearchAsync(fra, "quokkaesque")).Results);
        Assert.Empty((await SearchAsync(esp, "quokkaesque")).Results);
        Assert.Single((await SearchAsync(fra, "wombatlike")).Results);
    }

    [Fact]
    public async Task An_amendment_is_found_right_after_it_is_proposed_and_once_withdrawn_only_by_its_proposer_and_the_chair()
    {
        await factory.LibraryAsync();
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var amendment = await esp.ProposeAsync(document.Id,
            new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "cooperate platypusly" });

        var found = Assert.Single((await SearchAsync(fra, "platypusly")).Results);
        Assert.Equal(SearchResultType.Amendment, found.Type);
        Assert.Equal(amendment.Id, found.AmendmentId);
        Assert.Equal("ESP", found.Proposer);
        Assert.Equal("1", found.Label);

        Assert.Equal(HttpStatusCode.OK, (await esp.PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/withdraw", null)).StatusCode);
        Assert.Empty((await SearchAsync(fra, "platypusly")).Results);
        Assert.Equal("withdrawn", Assert.Single((await SearchAsync(esp, "platypusly")).Results).AmendmentStatus);
        Assert.Single((await SearchAsync(_chair, "platypusly")).Results);
    }

    [Fact]
    public async Task Proposals_written_together_in_one_batch_are_each_found_at_once_and_a_refused_one_is_not()
    {
        var document = await factory.CreateOpenAsync();
        var codes = new[] { "ESP", "FRA", "MEX", "BRA", "SGP", "DEU", "ITA", "CHL" };
        foreach (var code in codes)
        {
            await factory.EnsureDelegationAsync(code);
        }

        var clients = await Task.WhenAll(codes.Select(factory.ClientForAsync));
        // Sent together, so that the writer takes several in one transaction; every third one quotes words that are not
        // in the paragraph and is refused in its own turn, while the others in its batch are written.
        var answers = await Task.WhenAll(clients.SelectMany((client, i) => Enumerable.Range(0, 3).Select(j =>
            client.PostAsJsonAsync($"/api/documents/{document.Id}/amendments", new
            {
                kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1,
                quote = j == 2 ? "no such words" : "cooperate", text = $"cooperate wombatly{i}x{j}",
            }, HttpExtensions.Json))));

        Assert.Equal(codes.Length * 2, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        for (var i = 0; i < codes.Length; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var found = (await SearchAsync(_chair, $"wombatly{i}x{j}")).Results;
                if (j == 2)
                {
                    Assert.Empty(found);
                }
                else
                {
                    Assert.Equal(codes[i], Assert.Single(found).Proposer);
                }
            }
        }

        if (!DraftingApiFactory.OnPostgres)
        {
            // Nothing is left for a later commit to index: each batch wrote its amendments' entries before committing.
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(factory.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM search_pending";
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task A_paragraph_s_earlier_wording_stays_searchable_as_a_version()
    {
        var document = await factory.CreateDraftAsync();
        var paragraph = document.Blocks[2];
        Assert.Equal(HttpStatusCode.OK, (await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{document.Id}/blocks/{paragraph.Id}")
        {
            Content = JsonBody(new { text = "A reworded echidnoid paragraph.", expectedVersion = 1 }),
        })).StatusCode);

        var old = Assert.Single((await SearchAsync(_chair, "\"second paragraph\"", $"&document={document.Id}")).Results);
        Assert.Equal(SearchResultType.Version, old.Type);
        Assert.Equal(1, old.Version);
        Assert.Equal(SearchResultType.Paragraph, Assert.Single((await SearchAsync(_chair, "echidnoid")).Results).Type);
    }

    [Fact]
    public async Task A_language_version_is_searched_in_its_own_language()
    {
        var document = await factory.CreateDraftAsync();
        var imported = await _chair.PostAsync($"/api/documents/{document.Id}/languages/fr",
            TextBody("Projet de déclaration\n\nI. Préambule\n\n1. Les États coopèrent pleinement.\n\n2. Deuxième paragraphe.\n"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());

        var found = Assert.Single((await SearchAsync(_chair, "cooperent", $"&document={document.Id}&language=fr")).Results);

        Assert.Equal((SearchResultType.Translation, "fr", "1"), (found.Type, found.Language, found.Label));
        Assert.Contains(found.Snippet.Highlights, h => found.Snippet.Text.Substring(h.Start, h.Length) == "coopèrent");
    }

    [Fact]
    public async Task Chinese_is_searched_by_characters()
    {
        var response = await _chair.PostAsync("/api/documents/import?kind=reference&symbol=A%2FRES%2F75%2F240%2FZH&language=zh",
            TextBody("""
                大会

                信息和电信领域的发展

                一. 决定

                1. 决定设立一个新的信息和通信技术安全问题不限成员名额工作组。
                """));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

        var found = await SearchAsync(_chair, "通信技术", "&language=zh");

        Assert.Equal("zh", Assert.Single(found.Results).Language);
        Assert.Empty((await SearchAsync(_chair, "技通", "&language=zh")).Results);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\"medidas de", "not closed")]
    [InlineData("(a OR b", "not closed")]
    [InlineData("NOT seguridad", "only exclude")]
    [InlineData("seguridad OR", "OR needs a term")]
    [InlineData("'; DROP TABLE blocks; --", "NOT needs a term")]
    [InlineData("x' OR 1=1", null)]
    public async Task A_broken_query_is_a_400_problem_that_names_the_fault(string query, string? reason)
    {
        var response = await _chair.GetAsync($"/api/search?q={Uri.EscapeDataString(query)}");
        if (reason is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(reason, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]!["q"]);
        Assert.DoesNotContain("SQL", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fts5", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_overlong_query_and_bad_filters_are_refused()
    {
        await (await _chair.GetAsync($"/api/search?q={new string('a', SearchQuery.MaxLength + 1)}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _chair.GetAsync("/api/search?q=a&type=novel")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _chair.GetAsync("/api/search?q=a&limit=1000")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.GetAsync("/api/search?q=a&adoptedFrom=31/12/2020")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await factory.CreateClient().GetAsync("/api/search?q=a")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

/// <summary>GET …/citations: the symbols a text cites, linked to the library's documents.</summary>
public class CitationTests(ReferenceLibraryFactory factory) : IClassFixture<ReferenceLibraryFactory>
{
    [Fact]
    public async Task Citations_in_a_text_link_to_the_reference_documents_in_the_library()
    {
        var library = await factory.LibraryAsync();

        var citations = await (await factory.ChairClient().GetAsync($"/api/documents/{library.Seed.Id}/citations"))
            .ReadAsync<List<CitationDto>>();

        var resolution = citations.First(c => c.Text == "75/240");
        Assert.Equal((library.Resolution.Id, "A/RES/75/240", "1"), (resolution.DocumentId, resolution.Symbol, resolution.Label));
        Assert.Equal(library.Report.Id, citations.First(c => c.Text == "A/77/275").DocumentId);
        Assert.Null(citations.First(c => c.Text == "A/78/265").DocumentId);
        var paragraph = library.Seed.Blocks.First(b => b.Id == resolution.BlockId);
        Assert.Equal("75/240", Domain.Text.BracketedText.ReferencesAsLabels(paragraph.Text).Substring(resolution.Start, resolution.Length));
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.HotPaths;

/// <summary>What answering reads from memory must not break: revocation, freshness, bounded answers.</summary>
public class HotReadTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    private HttpClient Chair => factory.ChairClient();

    private async Task<(HttpClient Client, IssuedKeyResponse Key)> NewDelegationAsync(string code)
    {
        await factory.EnsureDelegationAsync(code);
        var issued = await (await Chair.PostAsync($"/api/delegations/{code}/keys", null)).ReadAsync<IssuedKeyResponse>();
        return (factory.ClientWithKey(issued.Key), issued);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_very_next_request_though_this_instance_had_it_in_memory()
    {
        var (client, key) = await NewDelegationAsync("NOR");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/documents")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Chair.DeleteAsync($"/api/delegations/NOR/keys/{key.Id}")).StatusCode);

        await (await client.GetAsync("/api/documents")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_deactivated_delegations_keys_are_refused_at_once_and_a_reactivated_one_reads_the_registry_again()
    {
        var (client, _) = await NewDelegationAsync("SWE");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/documents")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Chair.PatchAsync("/api/delegations/SWE", JsonBody(new { active = false }))).StatusCode);
        await (await client.GetAsync("/api/documents")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task When_a_key_was_last_used_is_listed_at_once_and_written_to_the_database_in_a_batch()
    {
        var (client, key) = await NewDelegationAsync("DNK");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/documents")).StatusCode);

        var listed = (await (await Chair.GetAsync("/api/delegations/DNK/keys")).ReadAsync<List<KeyResponse>>()).Single(k => k.Id == key.Id);
        Assert.Equal(factory.Clock.GetUtcNow(), listed.LastUsedAt);

        await factory.Services.GetRequiredService<ApiKeyUsageWriter>().FlushAsync(CancellationToken.None);
        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<DraftingDbContext>().ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id);
        Assert.Equal(factory.Clock.GetUtcNow(), stored.LastUsedAt);
    }

    [Fact]
    public async Task A_conditional_read_of_the_current_text_is_304_and_a_change_of_the_text_gives_a_new_tag()
    {
        var document = await factory.CreateOpenAsync();
        var url = $"/api/documents/{document.Id}/text?format=markdown";
        var first = await Chair.GetAsync(url);
        var tag = first.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(tag);
        var notModified = await Chair.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        await Chair.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}",
            JsonBody(new { text = "Second paragraph, edited.", expectedVersion = document.Blocks[2].Version }));
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(tag);
        var changed = await Chair.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tag, changed.Headers.ETag);
        Assert.Contains("Second paragraph, edited.", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(DocumentResponse Document, string Url, HttpResponseMessage Identity)> LongTextAsync()
    {
        var document = await factory.CreateOpenAsync();
        var words = string.Join(" ", Enumerable.Range(0, 400).Select(i => $"delegation{i % 37} calls for measure {i}"));
        Assert.Equal(HttpStatusCode.OK, (await Chair.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}",
            JsonBody(new { text = words, expectedVersion = document.Blocks[2].Version }))).StatusCode);
        var url = $"/api/documents/{document.Id}/text?format=markdown";
        return (document, url, await Chair.GetAsync(url));
    }

    private async Task<HttpResponseMessage> GetAsync(string url, string? acceptEncoding, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await Chair.SendAsync(request);
    }

    [Fact]
    public async Task A_text_goes_gzipped_to_a_client_that_accepts_it_reads_the_same_unzipped_and_carries_the_weak_form_of_its_tag()
    {
        var (_, url, identity) = await LongTextAsync();
        var plain = await identity.Content.ReadAsByteArrayAsync();
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", identity.Headers.Vary);

        var zipped = await GetAsync(url, "gzip, deflate, br");
        Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
        var compressed = await zipped.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plain.Length / 3, $"{compressed.Length} bytes gzipped from {plain.Length}");
        await using (var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress))
        {
            using var unzipped = new MemoryStream();
            await gunzip.CopyToAsync(unzipped);
            Assert.Equal(plain, unzipped.ToArray());
        }

        Assert.Equal(identity.Headers.ETag!.Tag, zipped.Headers.ETag!.Tag);
        Assert.False(identity.Headers.ETag.IsWeak);
        Assert.True(zipped.Headers.ETag.IsWeak);

        // JSON too, held against the contract like every answer (the factory checks the unzipped body).
        var json = await GetAsync(url.Replace("format=markdown", "format=json", StringComparison.Ordinal), "gzip, deflate, br, zstd");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(["gzip"], json.Content.Headers.ContentEncoding);

        // Either form of the tag revalidates, with or without gzip.
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(url, "gzip", zipped.Headers.ETag.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(url, null, zipped.Headers.ETag.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(url, "gzip", identity.Headers.ETag.ToString())).StatusCode);
    }

    [Theory]
    [InlineData("gzip;q=0", false)]
    [InlineData("br", false)]
    [InlineData("identity", false)]
    [InlineData("*", true)]
    [InlineData("*, gzip;q=0", false)]
    [InlineData("br;q=1.0, GZIP;q=0.5", true)]
    [InlineData("deflate, x-gzip", true)]
    public async Task Gzip_is_used_only_when_accept_encoding_admits_it(string acceptEncoding, bool gzipped)
    {
        var (_, url, _) = await LongTextAsync();
        var response = await GetAsync(url, acceptEncoding);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(gzipped, response.Content.Headers.ContentEncoding.Contains("gzip"));
        Assert.Equal(gzipped, response.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task A_short_text_and_a_word_file_are_sent_as_they_are_even_to_a_client_that_accepts_gzip()
    {
        var document = await factory.CreateOpenAsync();
        var shortText = await GetAsync($"/api/documents/{document.Id}/text?format=markdown", "gzip");
        Assert.Empty(shortText.Content.Headers.ContentEncoding);
        Assert.False(shortText.Headers.ETag!.IsWeak);

        var (long_, _, _) = await LongTextAsync();
        var word = await GetAsync($"/api/documents/{long_.Id}/text?format=docx", "gzip");
        Assert.Equal(HttpStatusCode.OK, word.StatusCode);
        Assert.Empty(word.Content.Headers.ContentEncoding);
        Assert.False(word.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task A_proposal_leaves_the_clean_text_and_its_tag_as_they_were_but_moves_the_compilation_on()
    {
        var document = await factory.CreateOpenAsync();
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var clean = await Chair.GetAsync($"/api/documents/{document.Id}/text?format=markdown");
        var compilation = await Chair.GetAsync($"/api/documents/{document.Id}/text?view=compilation&format=markdown");
        var json = await (await Chair.GetAsync($"/api/documents/{document.Id}/text")).ReadAsync<DocumentTextResponse>();

        await spain.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[2].Id, baseVersion = 1, quote = "Second", text = "Other" });

        var cleanAfter = await Chair.GetAsync($"/api/documents/{document.Id}/text?format=markdown");
        var compilationAfter = await Chair.GetAsync($"/api/documents/{document.Id}/text?view=compilation&format=markdown");
        var jsonAfter = await (await Chair.GetAsync($"/api/documents/{document.Id}/text")).ReadAsync<DocumentTextResponse>();
        var metadata = await (await Chair.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>();
        Assert.Equal(clean.Headers.ETag, cleanAfter.Headers.ETag);
        Assert.Equal(await clean.Content.ReadAsStringAsync(), await cleanAfter.Content.ReadAsStringAsync());
        Assert.Equal(json.Version, jsonAfter.Version);
        Assert.Equal(json.Version + 1, metadata.Version);
        Assert.NotEqual(compilation.Headers.ETag, compilationAfter.Headers.ETag);
        Assert.Contains("Other", await compilationAfter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposals_answer_lists_at_most_twenty_collisions_and_the_rest_are_paged()
    {
        var document = await factory.CreateOpenAsync();
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[2];
        AmendmentResponse? last = null;
        for (var i = 0; i < 26; i++)
        {
            last = await spain.ProposeAsync(document.Id, new { kind = "replace", blockId = paragraph.Id, baseVersion = paragraph.Version, quote = "Second", text = $"Other {i}" });
        }

        Assert.Equal(DescribeProposal.MaxCollisions, last!.CollidesWith.Count);
        Assert.True(last.MoreCollisions);

        var first = await (await spain.GetAsync($"/api/documents/{document.Id}/amendments/{last.Id}/collisions?limit=10")).ReadAsync<CollisionPage>();
        var second = await (await spain.GetAsync($"/api/documents/{document.Id}/amendments/{last.Id}/collisions?offset=10&limit=30")).ReadAsync<CollisionPage>();
        Assert.Equal(25, first.Total);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(15, second.Items.Count);
        Assert.Equal(25, first.Items.Concat(second.Items).Select(c => c.Id).Distinct().Count());
        Assert.Equal(last.CollidesWith.Order(), first.Items.Concat(second.Items).OrderBy(c => c.Number).Take(20).Select(c => c.Id).Order());
        await (await spain.GetAsync($"/api/documents/{document.Id}/amendments/{last.Id}/collisions?limit=0"))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await spain.GetAsync($"/api/documents/{document.Id}/amendments/{Guid.NewGuid()}/collisions"))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Collisions_in_a_proposals_answer_re_anchor_amendments_written_against_an_older_version()
    {
        var document = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall cooperate in good faith and report annually." });
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[0];
        var annually = await spain.ProposeAsync(document.Id, new { kind = "replace", blockId = paragraph.Id, baseVersion = 1, quote = "annually", text = "every two years" });
        var goodFaith = await spain.ProposeAsync(document.Id, new { kind = "delete", blockId = paragraph.Id, baseVersion = 1, quote = " in good faith" });
        // The chair edits the paragraph (version 2): "annually" moves, " in good faith" disappears.
        Assert.Equal(HttpStatusCode.OK, (await Chair.PutAsync($"/api/documents/{document.Id}/blocks/{paragraph.Id}",
            JsonBody(new { text = "Member States shall cooperate fully and report annually.", expectedVersion = 1 }))).StatusCode);

        // Written against version 2, a proposal on "report annually" collides with the older one on "annually", found
        // at its new place; nothing collides with the one whose words are gone.
        var report = await spain.ProposeAsync(document.Id, new { kind = "replace", blockId = paragraph.Id, baseVersion = 2, quote = "report annually", text = "report" });
        Assert.Equal([annually.Id], report.CollidesWith);
        var member = await spain.ProposeAsync(document.Id, new { kind = "replace", blockId = paragraph.Id, baseVersion = 2, quote = "Member", text = "All" });
        Assert.Empty(member.CollidesWith);

        // A whole-paragraph change collides with every amendment that still has a place in the paragraph, old or new.
        var whole = await spain.ProposeAsync(document.Id, new { kind = "replaceParagraph", blockId = paragraph.Id, baseVersion = 2, text = "New text." });
        Assert.Equal(new[] { annually.Id, report.Id, member.Id }.Order(), whole.CollidesWith.Order());
        Assert.DoesNotContain(goodFaith.Id, whole.CollidesWith);
        Assert.Equal(whole.CollidesWith.Order(), (await (await spain.GetAsync($"/api/documents/{document.Id}/amendments/{whole.Id}/collisions"))
            .ReadAsync<CollisionPage>()).Items.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Collisions_in_a_proposals_answer_follow_the_words_and_whole_paragraph_changes()
    {
        var document = await factory.CreateOpenAsync();
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[1]; // "States [shall / should] cooperate."
        var states = await spain.ProposeAsync(document.Id, new { kind = "replace", blockId = paragraph.Id, baseVersion = 1, quote = "States", text = "Parties" });
        var cooperate = await spain.ProposeAsync(document.Id, new { kind = "delete", blockId = paragraph.Id, baseVersion = 1, quote = " cooperate" });
        var whole = await spain.ProposeAsync(document.Id, new { kind = "replaceParagraph", blockId = paragraph.Id, baseVersion = 1, text = "New text." });
        var overlapping = await spain.ProposeAsync(document.Id, new { kind = "insert", blockId = paragraph.Id, baseVersion = 1, anchor = "States", placement = "before", text = "All " });

        Assert.Empty(states.CollidesWith);
        Assert.Empty(cooperate.CollidesWith);
        Assert.Equal([states.Id, cooperate.Id], whole.CollidesWith);
        Assert.Equal([states.Id, whole.Id], overlapping.CollidesWith);
        Assert.False(overlapping.MoreCollisions);
    }

    [Fact]
    public async Task The_collisions_in_each_answer_are_read_after_its_commit_so_a_withdrawn_amendment_leaves_the_next_answer()
    {
        // On SQLite the answers are read on kept reader connections with kept statements: each read must still see the
        // database as it is, not as that connection last saw it.
        var document = await factory.CreateOpenAsync();
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[2];
        object Replace(string text) => new { kind = "replace", blockId = paragraph.Id, baseVersion = paragraph.Version, quote = "Second", text };
        var first = await spain.ProposeAsync(document.Id, Replace("One"));
        var second = await spain.ProposeAsync(document.Id, Replace("Two"));
        Assert.Equal([first.Id], second.CollidesWith);

        Assert.Equal(HttpStatusCode.OK, (await spain.PostAsync($"/api/documents/{document.Id}/amendments/{first.Id}/withdraw", null)).StatusCode);
        var third = await spain.ProposeAsync(document.Id, Replace("Three"));
        Assert.Equal([second.Id], third.CollidesWith);
        var fourth = await spain.ProposeAsync(document.Id, Replace("Four"));
        Assert.Equal([second.Id, third.Id], fourth.CollidesWith);
    }
}

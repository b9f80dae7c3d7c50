using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Features.Consensus;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Events;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Events;

/// <summary>
/// DOMAIN: the event log records who did what; its hash chain shows that nobody altered it afterwards. The tests bend
/// the stored log directly in the database, as an intruder would, and the verification names the first bad sequence.
/// </summary>
public class EventChainTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    /// <summary>A document with six events: created, opened, a proposal, a co-sponsorship, a position, an acceptance.</summary>
    private async Task<Guid> NegotiatedAsync()
    {
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var amendment = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act" });
        await fra.PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/cosponsor", null);
        await fra.PutAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/positions/FRA", JsonBody(new { stance = "support" }));
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/accept", null)).StatusCode);
        return document.Id;
    }

    private async Task<ChainVerification> VerifyAsync(Guid documentId) =>
        await (await _chair.GetAsync($"/api/documents/{documentId}/events/verify")).ReadAsync<ChainVerification>();

    private async Task SqlAsync(string sql, params object[] parameters)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        Assert.True(await db.Database.ExecuteSqlRawAsync(sql, parameters) > 0, sql);
    }

    [Fact]
    public async Task An_untouched_log_verifies_and_each_event_carries_the_hash_of_its_predecessor_and_itself()
    {
        var documentId = await NegotiatedAsync();

        var check = await VerifyAsync(documentId);
        var page = await (await _chair.GetAsync($"/api/documents/{documentId}/events?after=0")).ReadAsync<EventPage>();

        Assert.True(check.Valid, check.Problem);
        Assert.Equal((page.Events.Count, (long?)null), (check.Verified, check.FirstBadSequence));
        Assert.Equal(page.Events[^1].Hash, check.HeadHash);
        Assert.All(page.Events, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash!));
        Assert.Equal(page.Events.Count, page.Events.Select(e => e.Hash).Distinct().Count());
    }

    [Fact]
    public async Task The_exported_log_can_be_checked_by_anyone_with_sha256_alone()
    {
        var documentId = await NegotiatedAsync();
        var response = await _chair.GetAsync($"/api/documents/{documentId}/events?format=jsonl");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jsonl", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // An outside check: each line is the canonical JSON with ,"hash":"…" before its last brace.
        var previous = new string('0', 64);
        foreach (var line in lines)
        {
            var at = line.LastIndexOf(",\"hash\":\"", StringComparison.Ordinal);
            var canonical = line[..at] + "}";
            var hash = line[(at + 9)..^2];
            var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previous + canonical)));
            Assert.Equal(expected, hash);
            Assert.Equal(hash, JsonNode.Parse(line)!["hash"]!.GetValue<string>());
            previous = hash;
        }

        Assert.Equal((await VerifyAsync(documentId)).HeadHash, previous);
        // The whole log (chair-only comments included) is the chair's to export.
        await (await (await factory.ClientForAsync("ESP")).GetAsync($"/api/documents/{documentId}/events?format=jsonl")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _chair.GetAsync($"/api/documents/{documentId}/events?format=xml")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_altered_event_is_named()
    {
        var documentId = await NegotiatedAsync();
        await SqlAsync("UPDATE document_events SET \"Actor\" = 'MEX' WHERE \"DocumentId\" = {0} AND \"Sequence\" = 3", documentId);

        var check = await VerifyAsync(documentId);

        Assert.Equal((false, 3L, 2L), (check.Valid, check.FirstBadSequence!.Value, check.Verified));
        Assert.Contains("event 3 does not match its hash", check.Problem);
    }

    [Fact]
    public async Task A_deleted_event_is_named()
    {
        var documentId = await NegotiatedAsync();
        await SqlAsync("DELETE FROM document_events WHERE \"DocumentId\" = {0} AND \"Sequence\" = 4", documentId);

        var check = await VerifyAsync(documentId);

        Assert.Equal((false, 4L), (check.Valid, check.FirstBadSequence!.Value));
        Assert.Contains("event 4 is missing", check.Problem);
    }

    [Fact]
    public async Task Two_reordered_events_are_named()
    {
        var documentId = await NegotiatedAsync();
        await SqlAsync("UPDATE document_events SET \"Sequence\" = 1000 WHERE \"DocumentId\" = {0} AND \"Sequence\" = 3", documentId);
        await SqlAsync("UPDATE document_events SET \"Sequence\" = 3 WHERE \"DocumentId\" = {0} AND \"Sequence\" = 4", documentId);
        await SqlAsync("UPDATE document_events SET \"Sequence\" = 4 WHERE \"DocumentId\" = {0} AND \"Sequence\" = 1000", documentId);

        var check = await VerifyAsync(documentId);

        Assert.Equal((false, 3L), (check.Valid, check.FirstBadSequence!.Value));
    }

    [Fact]
    public async Task A_log_cut_short_is_named()
    {
        var documentId = await NegotiatedAsync();
        var version = (await VerifyAsync(documentId)).DocumentVersion;
        await SqlAsync("DELETE FROM document_events WHERE \"DocumentId\" = {0} AND \"Sequence\" = {1}", documentId, version);

        var check = await VerifyAsync(documentId);

        Assert.Equal((false, version), (check.Valid, check.FirstBadSequence!.Value));
        Assert.Contains($"document is at version {version}", check.Problem);
    }

    [Fact]
    public async Task The_adoption_record_carries_the_head_of_the_log_it_closes()
    {
        var document = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "Agreed text." });
        await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[0].Id}/agree", null);
        var before = await VerifyAsync(document.Id);

        var adoption = await (await _chair.PostAsync($"/api/documents/{document.Id}/adopt", null)).ReadAsync<AdoptionResponse>();

        Assert.Equal((before.DocumentVersion, before.HeadHash), (adoption.HeadSequence, adoption.HeadHash));
        var after = await VerifyAsync(document.Id);
        Assert.True(after.Valid);
        Assert.Equal(before.DocumentVersion + 1, after.Verified);
        var stored = await (await _chair.GetAsync($"/api/documents/{document.Id}/adoption")).ReadAsync<AdoptionResponse>();
        Assert.Equal(adoption.HeadHash, stored.HeadHash);
        // Printed under the adopted text, in every text format.
        var markdown = await _chair.GetStringAsync($"/api/documents/{document.Id}/text?format=markdown");
        Assert.EndsWith($"Adopted by consensus on {adoption.AdoptedAt.UtcDateTime:yyyy-MM-dd}; its record closes event {adoption.HeadSequence} of the log, hash {adoption.HeadHash}.\n", markdown);
        Assert.Contains($"<footer class=\"adoption\">Adopted by consensus", await _chair.GetStringAsync($"/api/documents/{document.Id}/text?format=html"));
        Assert.Contains(adoption.HeadHash!, await _chair.GetStringAsync($"/api/documents/{document.Id}/text?format=plain"));
    }

    [Fact]
    public async Task Registry_events_are_chained_in_the_order_of_their_ids()
    {
        await factory.EnsureDelegationAsync("NZL");
        await _chair.PostAsync("/api/delegations/NZL/keys", null);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var events = await db.RegistryEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();

        var previous = EventChain.Genesis;
        foreach (var e in events)
        {
            Assert.Equal(EventChain.Hash(previous, EventChain.Canonical(e)), e.Hash);
            previous = e.Hash!;
        }

        Assert.True(events.Count >= 3);
    }
}

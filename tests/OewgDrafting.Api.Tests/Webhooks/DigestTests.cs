using System.Net;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.Webhooks;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Webhooks;

/// <summary>A digest factory: the daily digest at 06:00 UTC (the fake clock starts at 10:00).</summary>
public sealed class DigestFactory : DraftingApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["Webhooks:PollInterval"] = "00:00:00.05",
        ["Webhooks:DigestHour"] = "6",
    };
}

/// <summary>The digest of what changed for a delegation (docs/domain.md, "Webhooks").</summary>
public class DigestTests(DigestFactory factory) : IClassFixture<DigestFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    [Fact]
    public async Task The_digest_tells_a_delegation_its_amendments_decided_new_amendments_on_its_paragraphs_and_positions_on_its_amendments()
    {
        var since = factory.Clock.GetUtcNow();
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var mine = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act" });
        var rejected = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[2].Id, baseVersion = 1, quote = "Second", text = "2nd" });
        await (await fra.PutAsync($"/api/documents/{document.Id}/amendments/{mine.Id}/positions/FRA",
            JsonBody(new { stance = "oppose", statement = "Too strong." }))).AssertSuccessAsync();
        var theirs = await fra.ProposeAsync(document.Id, new { kind = "insert", blockId = document.Blocks[1].Id, baseVersion = 1, anchor = "States", placement = "after", text = " Members" });
        await (await _chair.PostAsync($"/api/documents/{document.Id}/amendments/{rejected.Id}/reject", JsonBody(new { reason = "No support." }))).AssertSuccessAsync();
        await (await _chair.PostAsync($"/api/documents/{document.Id}/silence", JsonBody(new { deadline = factory.Clock.GetUtcNow().AddDays(4) }))).AssertSuccessAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(1));

        var digest = await (await esp.GetAsync($"/api/digest?since={Uri.EscapeDataString(since.ToString("O"))}&documentId={document.Id}")).ReadAsync<DigestResponse>();
        var sections = Assert.Single(digest.Documents).Sections.ToDictionary(s => s.Key, s => s.Items.Select(i => i.Summary).ToList());
        Assert.Equal([$"A{rejected.Number} rejected by CHAIR: No support."], sections["yourAmendmentsDecided"]);
        Assert.Equal([$"A{theirs.Number} by FRA on paragraph 1."], sections["newAmendmentsOnYourParagraphs"]);
        Assert.Equal(["FRA: oppose — “Too strong.”"], sections["positionsOnYourAmendments"]);
        Assert.Single(sections["silence"]);
        Assert.Equal(4, digest.Count);

        // FRA follows paragraph 1 too, but proposed nothing decided; the Markdown is ready to mail.
        var markdown = await (await fra.GetAsync($"/api/digest?since={Uri.EscapeDataString(since.ToString("O"))}&format=markdown")).Content.ReadAsStringAsync();
        Assert.StartsWith("# What changed for FRA", markdown, StringComparison.Ordinal);
        Assert.Contains("### New amendments on the paragraphs you follow", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Your amendments decided", markdown, StringComparison.Ordinal);

        await (await esp.GetAsync($"/api/digest?since={Uri.EscapeDataString(factory.Clock.GetUtcNow().AddDays(1).ToString("O"))}"))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await (await factory.ClientForAsync("ICRC")).GetAsync("/api/digest")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_digest_daily_subscription_gets_the_digest_once_at_the_configured_hour()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var mex = await factory.ClientForAsync("MEX");
        var document = await factory.CreateOpenAsync();
        var created = await (await mex.PostAsync("/api/webhooks", JsonBody(new { url = receiver.Url, eventTypes = new[] { "digest.daily" } })))
            .ReadAsync<WebhookSecretResponse>();
        var amendment = await mex.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[2].Id, baseVersion = 1, quote = "Second", text = "Other" });
        await (await _chair.PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/accept", null)).AssertSuccessAsync();

        // Today's 06:00 has passed (the clock says 10:00 or later): that digest goes out at once, covering the day before it.
        var first = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1));
        Assert.Equal("digest.daily", first.Json["type"]!.GetValue<string>());
        Assert.True(Domain.Webhooks.WebhookSignature.Verify(created.Secret, first.Id, first.Timestamp, first.Body, first.Signature));
        Assert.Contains("# What changed for MEX", first.Json["markdown"]!.GetValue<string>(), StringComparison.Ordinal);

        // The next day's, after 06:00 the next day, with the accepted amendment; never twice, and never a plain event.
        var next = factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(6) - factory.Clock.GetUtcNow().UtcDateTime;
        factory.Clock.Advance(next + TimeSpan.FromMinutes(1));
        var both = await receiver.WaitForAsync(r => r.Count >= 2);
        await Task.Delay(300);
        Assert.Equal(2, receiver.Requests.Count);
        var items = both[1].Json["digest"]!["documents"]!.AsArray().SelectMany(d => d!["sections"]!.AsArray()).SelectMany(s => s!["items"]!.AsArray())
            .Select(i => i!["summary"]!.GetValue<string>());
        Assert.Contains($"A{amendment.Number} accepted by CHAIR.", items);
        Assert.All(receiver.Requests, r => Assert.Equal("digest.daily", r.Json["type"]!.GetValue<string>()));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Amendments;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Meetings;

/// <summary>Sub-amendments through HTTP (docs/domain.md, "Sub-amendments").</summary>
public class SubAmendmentTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private Task<DocumentResponse> CreateAsync() => factory.CreateOpenAsync(
        new { kind = "heading", label = "I", level = 1, text = "General" },
        new { kind = "paragraph", label = "1", text = "States should cooperate on security." });

    private static async Task<AmendmentResponse> ParentAsync(HttpClient esp, DocumentResponse document) =>
        await (await esp.PostAsJsonAsync($"/api/documents/{document.Id}/amendments",
            new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "cooperate closely and in good faith" },
            HttpExtensions.Json)).ReadAsync<AmendmentResponse>();

    private static Task<HttpResponseMessage> SubAsync(HttpClient client, Guid documentId, Guid parentId, object body) =>
        client.PostAsJsonAsync($"/api/documents/{documentId}/amendments/{parentId}/sub-amendments", body, HttpExtensions.Json);

    private async Task<JsonArray> LogAsync(Guid documentId) =>
        (await (await _chair.GetAsync($"/api/documents/{documentId}/events?limit=1000")).ReadAsync<JsonObject>())["events"]!.AsArray();

    private async Task<AmendmentResponse> GetAsync(Guid documentId, Guid id) =>
        await (await _chair.GetAsync($"/api/documents/{documentId}/amendments/{id}")).ReadAsync<AmendmentResponse>();

    [Fact]
    public async Task A_sub_amendment_accepted_changes_its_parent_s_text_and_the_parent_accepted_then_puts_those_words_into_the_paragraph()
    {
        var document = await CreateAsync();
        var esp = await factory.ClientForAsync("ESP");
        var mex = await factory.ClientForAsync("MEX");
        var a4 = await ParentAsync(esp, document);

        var sub = await (await SubAsync(mex, document.Id, a4.Id, new { kind = "replace", quote = "closely", text = "fully" })).ReadAsync<AmendmentResponse>();
        Assert.Equal((a4.Id, "MEX", AmendmentStatus.Proposed), (sub.ParentId, sub.Proposer, sub.Status));
        Assert.Equal("cooperate fully and in good faith", sub.Preview!.Text);

        // The parent waits for its sub-amendments.
        var early = await (await _chair.PostAsync($"/api/documents/{document.Id}/amendments/{a4.Id}/accept", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"A{sub.Number} (MEX)", early["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // The compilation names the sub-amendment in its parent's attribution; it is no amendment of the paragraph.
        var compilation = await _chair.GetStringAsync($"/api/documents/{document.Id}/text?view=compilation&format=plain");
        Assert.Contains($"sub-amendments: A{sub.Number} (MEX) replaces “closely” with “fully”", compilation, StringComparison.Ordinal);
        Assert.Empty(await (await _chair.GetAsync($"/api/documents/{document.Id}/collisions")).ReadAsync<List<CollisionResponse>>());

        var accepted = await (await _chair.PostAsync($"/api/documents/{document.Id}/amendments/{sub.Id}/accept", null)).ReadAsync<AmendmentResponse>();
        Assert.Equal(AmendmentStatus.Accepted, accepted.Status);
        var parent = await GetAsync(document.Id, a4.Id);
        Assert.Equal("cooperate fully and in good faith", parent.Text);
        Assert.Equal(AmendmentStatus.Proposed, parent.Status);
        Assert.Equal("States should cooperate on security.", (await (await _chair.GetAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}"))
            .ReadAsync<BlockResponse>()).Text);

        // The parent's proposer is told through the log: the event names it and touches it.
        var taken = (await LogAsync(document.Id)).Last()!;
        Assert.Equal("subAmendmentTaken", taken["type"]!.GetValue<string>());
        Assert.Equal("ESP", taken["data"]!["parentProposer"]!.GetValue<string>());
        Assert.Equal("cooperate fully and in good faith", taken["data"]!["parentText"]!.GetValue<string>());
        Assert.Contains("ESP", taken["touches"]!.AsArray().Select(t => t!.GetValue<string>()));

        await (await _chair.PostAsync($"/api/documents/{document.Id}/amendments/{a4.Id}/accept", null)).AssertSuccessAsync();
        Assert.Equal("States should cooperate fully and in good faith on security.", (await (await _chair.GetAsync(
            $"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}")).ReadAsync<BlockResponse>()).Text);
    }

    [Fact]
    public async Task A_sub_amendment_of_a_withdrawn_parent_lapses_and_the_withdrawal_records_it()
    {
        var document = await CreateAsync();
        var esp = await factory.ClientForAsync("ESP");
        var a4 = await ParentAsync(esp, document);
        var sub = await (await SubAsync(await factory.ClientForAsync("BRA"), document.Id, a4.Id,
            new { kind = "insert", anchor = "good faith", placement = "after", text = " and transparency" })).ReadAsync<AmendmentResponse>();

        await (await esp.PostAsync($"/api/documents/{document.Id}/amendments/{a4.Id}/withdraw", null)).AssertSuccessAsync();
        var lapsed = await GetAsync(document.Id, sub.Id);
        Assert.Equal(AmendmentStatus.Lapsed, lapsed.Status);
        Assert.Contains("withdrawn", lapsed.Reason, StringComparison.Ordinal);
        var withdrawal = (await LogAsync(document.Id)).Last()!;
        Assert.Equal("amendmentWithdrawn", withdrawal["type"]!.GetValue<string>());
        Assert.Equal([sub.Id.ToString()], withdrawal["data"]!["lapsed"]!.AsArray().Select(x => x!.GetValue<string>()));

        // A lapsed or decided parent takes no new sub-amendment.
        await (await SubAsync(await factory.ClientForAsync("MEX"), document.Id, a4.Id, new { kind = "delete", quote = "closely " }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Co_sponsorship_positions_and_collisions_work_on_sub_amendments_among_the_sub_amendments_of_one_parent()
    {
        var document = await CreateAsync();
        var a4 = await ParentAsync(await factory.ClientForAsync("ESP"), document);
        foreach (var code in new[] { "FRA", "CHL", "PER" })
        {
            await factory.EnsureDelegationAsync(code);
        }

        var first = await (await SubAsync(await factory.ClientForAsync("MEX"), document.Id, a4.Id,
            new { kind = "replace", quote = "closely", text = "fully", cosponsors = new[] { "FRA" } })).ReadAsync<AmendmentResponse>();
        var second = await (await SubAsync(await factory.ClientForAsync("CHL"), document.Id, a4.Id, new { kind = "delete", quote = "closely and " }))
            .ReadAsync<AmendmentResponse>();
        var apart = await (await SubAsync(await factory.ClientForAsync("PER"), document.Id, a4.Id, new { kind = "replace", quote = "good", text = "utmost good" }))
            .ReadAsync<AmendmentResponse>();
        Assert.Equal([first.Id], second.CollidesWith);
        Assert.Empty(apart.CollidesWith);
        Assert.Equal([second.Id], (await GetAsync(document.Id, first.Id)).CollidesWith);

        var fra = await factory.ClientForAsync("FRA");
        Assert.Equal(["FRA"], (await (await fra.PostAsync($"/api/documents/{document.Id}/amendments/{first.Id}/cosponsor", null))
            .ReadAsync<AmendmentResponse>()).Cosponsors);
        await (await fra.PutAsJsonAsync($"/api/documents/{document.Id}/amendments/{second.Id}/positions/FRA", new { stance = "oppose" }, HttpExtensions.Json))
            .AssertSuccessAsync();
    }

    [Fact]
    public async Task Bad_sub_amendments_are_refused_with_clear_problems_and_nothing_is_written()
    {
        var document = await CreateAsync();
        var mex = await factory.ClientForAsync("MEX");
        var a4 = await ParentAsync(await factory.ClientForAsync("ESP"), document);
        var sub = await (await SubAsync(mex, document.Id, a4.Id, new { kind = "replace", quote = "closely", text = "fully" })).ReadAsync<AmendmentResponse>();
        var events = (await LogAsync(document.Id)).Count;

        var depth = await (await SubAsync(mex, document.Id, sub.Id, new { kind = "replace", quote = "fully", text = "wholly" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not amended in turn", depth["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var quote = await (await SubAsync(mex, document.Id, a4.Id, new { kind = "replace", quote = "security", text = "safety" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains($"A{a4.Number}'s proposed text", quote["errors"]!["quote"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await (await SubAsync(mex, document.Id, a4.Id, new { kind = "replaceParagraph", text = "All new." })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await SubAsync(mex, document.Id, a4.Id, new { kind = "replace", text = "no quote" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await SubAsync(mex, document.Id, Guid.NewGuid(), new { kind = "replace", quote = "closely", text = "fully" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SubAsync(mex, document.Id, a4.Id, new { kind = "replace", quote = "closely", text = "fully", onBehalfOf = "ESP" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(events, (await LogAsync(document.Id)).Count);
        Assert.Equal(2, (await (await _chair.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<AmendmentResponse>>()).Count);
    }

    [Fact]
    public async Task A_sub_amendment_may_be_tabled_until_its_parent_s_deadline_plus_the_interval()
    {
        var document = await CreateAsync();
        var a4 = await ParentAsync(await factory.ClientForAsync("ESP"), document);
        await (await _chair.PutAsync($"/api/documents/{document.Id}/deadline", JsonBody(new { due = factory.Clock.GetUtcNow().AddHours(1) }))).AssertSuccessAsync();
        var mex = await factory.ClientForAsync("MEX");

        factory.Clock.Advance(TimeSpan.FromHours(2));
        await (await mex.PostAsJsonAsync($"/api/documents/{document.Id}/amendments",
            new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "security", text = "safety" }, HttpExtensions.Json))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        var onTime = await (await SubAsync(mex, document.Id, a4.Id, new { kind = "replace", quote = "closely", text = "fully" })).ReadAsync<AmendmentResponse>();
        Assert.False(onTime.Late);

        factory.Clock.Advance(TimeSpan.FromHours(24)); // the default interval (Meetings:SubAmendmentInterval) is 24 hours
        var late = await (await SubAsync(mex, document.Id, a4.Id, new { kind = "delete", quote = " and in good faith" })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("deadline for tabling sub-amendments", late["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

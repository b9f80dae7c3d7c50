using System.Net;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Features.Positions;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Positions;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Consensus;

public class PositionsAndAgreementTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private async Task<DocumentResponse> GetAsync(Guid id) => await (await _chair.GetAsync($"/api/documents/{id}")).ReadAsync<DocumentResponse>();

    [Fact]
    public async Task A_delegation_registers_changes_and_withdraws_its_own_position_and_the_history_stays_in_the_log()
    {
        var doc = await factory.CreateOpenAsync();
        var url = $"/api/documents/{doc.Id}/blocks/{doc.Blocks[1].Id}/positions";
        var esp = await factory.ClientForAsync("ESP");

        var support = await (await esp.PutAsync($"{url}/ESP", JsonBody(new { stance = "support" }))).ReadAsync<PositionResponse>();
        var oppose = await (await esp.PutAsync($"{url}/ESP", JsonBody(new { stance = "oppose", statement = "Capital has concerns." }))).ReadAsync<PositionResponse>();
        await (await factory.ClientForAsync("FRA")).PutAsync($"{url}/FRA", JsonBody(new { stance = "awaitingInstructions" }));

        Assert.Equal(Stance.Support, support.Stance);
        Assert.Equal("Capital has concerns.", oppose.Statement);
        var current = await (await esp.GetAsync(url)).ReadAsync<List<PositionResponse>>();
        Assert.Equal([("ESP", Stance.Oppose), ("FRA", Stance.AwaitingInstructions)], current.Select(p => (p.Delegation, p.Stance)));

        Assert.Equal(HttpStatusCode.NoContent, (await esp.DeleteAsync($"{url}/ESP")).StatusCode);
        await (await esp.DeleteAsync($"{url}/ESP")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(await (await esp.GetAsync(url)).ReadAsync<List<PositionResponse>>());

        var events = (await (await _chair.GetAsync($"/api/documents/{doc.Id}/events")).ReadAsync<EventPage>()).Events.Select(e => e.Type).ToList();
        Assert.Equal(["positionSet", "positionSet", "positionSet", "positionWithdrawn"], events.Skip(2));
    }

    [Fact]
    public async Task A_delegation_sets_only_its_own_position_or_its_groups_as_a_member()
    {
        var doc = await factory.CreateOpenAsync();
        var url = $"/api/documents/{doc.Id}/blocks/{doc.Blocks[1].Id}/positions";
        var esp = await factory.ClientForAsync("ESP");

        await (await esp.PutAsync($"{url}/FRA", JsonBody(new { stance = "oppose" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await (await factory.ClientForAsync("MEX")).PutAsync($"{url}/EU", JsonBody(new { stance = "oppose" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _chair.PutAsync($"{url}/ESP", JsonBody(new { stance = "oppose" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await (await factory.ClientForAsync("ICRC")).PutAsync($"{url}/ICRC", JsonBody(new { stance = "support" }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(await (await esp.GetAsync(url)).ReadAsync<List<PositionResponse>>());

        var forEu = await (await esp.PutAsync($"{url}/EU", JsonBody(new { stance = "reserve", statement = "On behalf of the EU." }))).ReadAsync<PositionResponse>();
        Assert.Equal("EU", forEu.Delegation);
        await (await esp.PutAsync($"{url}/ESP", JsonBody(new { stance = "retain" }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await esp.PutAsync($"{url}/ESP", JsonBody(new { stance = "veto" }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await esp.PutAsync($"{url}/ESP", JsonBody(new { statement = "No stance." }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Positions_on_amendments_and_brackets_and_in_the_compilation()
    {
        var doc = await factory.CreateOpenAsync();
        var p1 = doc.Blocks[1];
        var amendment = await (await factory.ClientForAsync("ESP")).ProposeAsync(doc.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "cooperate", text = "act" });
        var fra = await factory.ClientForAsync("FRA");
        await fra.PutAsync($"/api/documents/{doc.Id}/amendments/{amendment.Id}/positions/FRA", JsonBody(new { stance = "oppose" }));
        await (await factory.ClientForAsync("BRA")).PutAsync($"/api/documents/{doc.Id}/amendments/{amendment.Id}/positions/BRA", JsonBody(new { stance = "support" }));
        var bracket = await (await fra.PutAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/brackets/0/positions/FRA",
            JsonBody(new { stance = "retain", alternative = 1 }))).ReadAsync<PositionResponse>();

        Assert.Equal(1, bracket.Alternative);
        Assert.Equal(0, bracket.BracketIndex);
        await (await fra.PutAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/brackets/5/positions/FRA", JsonBody(new { stance = "retain" })))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await fra.PutAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/brackets/0/positions/FRA", JsonBody(new { stance = "retain", alternative = 4 })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await fra.PutAsync($"/api/documents/{doc.Id}/amendments/{amendment.Id}/positions/FRA", JsonBody(new { stance = "delete" })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        var markdown = await _chair.GetStringAsync($"/api/documents/{doc.Id}/text?view=compilation&format=markdown");
        Assert.Contains("[cooperate / act] (A1: ESP; BRA support; FRA oppose)", markdown, StringComparison.Ordinal);

        // A bracket position counts for the paragraph version it was taken on.
        await _chair.PostAsync($"/api/documents/{doc.Id}/amendments/{amendment.Id}/accept", null);
        Assert.Empty(await (await fra.GetAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/brackets/0/positions")).ReadAsync<List<PositionResponse>>());
        await (await fra.PutAsync($"/api/documents/{doc.Id}/amendments/{amendment.Id}/positions/FRA", JsonBody(new { stance = "support" })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Agreeing_is_refused_with_the_blockers_until_nothing_blocks_and_agreed_paragraphs_take_nothing_more()
    {
        var doc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States [shall / should] cooperate." });
        var p1 = doc.Blocks[0];
        var esp = await factory.ClientForAsync("ESP");
        var amendment = await esp.ProposeAsync(doc.Id, new { kind = "insert", blockId = p1.Id, baseVersion = 1, anchor = "cooperate", placement = "after", text = " fully" });
        await (await factory.ClientForAsync("FRA")).PutAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/positions/FRA", JsonBody(new { stance = "oppose", statement = "Not yet." }));

        var blocked = await (await _chair.PostAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/agree", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        var blockers = blocked["blockers"]![0]!;
        Assert.Equal(1, blockers["openBrackets"]!.GetValue<int>());
        Assert.Equal(1, blockers["pendingAmendments"]![0]!["number"]!.GetValue<int>());
        Assert.Equal("FRA", blockers["objections"]![0]!["delegation"]!.GetValue<string>());
        Assert.Contains("1 open bracket", blocked["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await esp.PostAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/agree", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        await _chair.PostAsync($"/api/documents/{doc.Id}/amendments/{amendment.Id}/accept", null);
        var resolved = await (await _chair.PostAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/brackets/0/resolve",
            JsonBody(new { action = "keep", alternative = 0, expectedVersion = 2 }))).ReadAsync<BlockResponse>();
        Assert.Equal("States shall cooperate fully.", resolved.Text);
        await (await _chair.PostAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/agree", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await factory.ClientForAsync("FRA")).DeleteAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/positions/FRA");

        var agreed = await (await _chair.PostAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/agree", null)).ReadAsync<BlockResponse>();
        Assert.Equal(BlockStatus.AgreedAdRef, agreed.Status);

        await (await esp.PostAsync($"/api/documents/{doc.Id}/amendments", JsonBody(new { kind = "delete", blockId = p1.Id, baseVersion = 3, quote = " fully" })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PutAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}", JsonBody(new { text = "Edited.", expectedVersion = 3 })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await esp.PutAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/positions/ESP", JsonBody(new { stance = "support" })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PostAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/agree", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var reopened = await (await _chair.PostAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/reopen", null)).ReadAsync<BlockResponse>();
        Assert.Equal(BlockStatus.Open, reopened.Status);
        await (await _chair.PostAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}/reopen", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Brackets_resolve_from_the_inside_out_against_the_version_read()
    {
        var doc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "[[Being guided by][In accordance with] the principles]" });
        var url = $"/api/documents/{doc.Id}/blocks/{doc.Blocks[0].Id}/brackets";

        await (await _chair.PostAsync($"{url}/0/resolve", JsonBody(new { action = "unbracket", expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PostAsync($"{url}/1/resolve", JsonBody(new { action = "unbracket" }))).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await _chair.PostAsync($"{url}/1/resolve", JsonBody(new { action = "unbracket", expectedVersion = 2 }))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PostAsync($"{url}/9/resolve", JsonBody(new { action = "delete", expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _chair.PostAsync($"{url}/1/resolve", JsonBody(new { expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        await _chair.PostAsync($"{url}/1/resolve", JsonBody(new { action = "unbracket", expectedVersion = 1 }));
        await _chair.PostAsync($"{url}/1/resolve", JsonBody(new { action = "delete", expectedVersion = 2 }));
        var last = await (await _chair.PostAsync($"{url}/0/resolve", JsonBody(new { action = "unbracket", expectedVersion = 3 }))).ReadAsync<BlockResponse>();

        Assert.Equal("Being guided by the principles", last.Text);
        Assert.Equal(0, last.OpenBrackets);
        Assert.Equal(3, (await (await _chair.GetAsync($"/api/documents/{doc.Id}/events")).ReadAsync<EventPage>()).Events.Count(e => e.Type == "bracketResolved"));
    }
}

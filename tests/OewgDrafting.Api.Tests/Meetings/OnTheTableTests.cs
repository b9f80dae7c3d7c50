using System.Net;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.Meetings;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Meetings;

/// <summary>What is on the table now (docs/domain.md, "On the table").</summary>
public class OnTheTableTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    [Fact]
    public async Task The_chair_points_to_a_paragraph_then_to_an_amendment_and_each_move_is_an_event_everyone_reads()
    {
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var nothing = await (await esp.GetAsync($"/api/documents/{document.Id}/on-the-table")).ReadAsync<TablePointerResponse>();
        Assert.Null(nothing.BlockId);

        var paragraph = await (await _chair.PutAsync($"/api/documents/{document.Id}/on-the-table", JsonBody(new { blockId = document.Blocks[2].Id })))
            .ReadAsync<TablePointerResponse>();
        Assert.Equal((document.Blocks[2].Id, "2", (Guid?)null), (paragraph.BlockId!.Value, paragraph.Label, paragraph.AmendmentId));

        var amendment = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act" });
        await (await _chair.PutAsync($"/api/documents/{document.Id}/on-the-table", JsonBody(new { amendmentId = amendment.Id }))).AssertSuccessAsync();
        var now = await (await esp.GetAsync($"/api/documents/{document.Id}/on-the-table")).ReadAsync<TablePointerResponse>();
        Assert.Equal((document.Blocks[1].Id, amendment.Id, amendment.Number, "CHAIR"), (now.BlockId!.Value, now.AmendmentId!.Value, now.AmendmentNumber!.Value, now.SetBy));

        var log = (await (await esp.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<JsonObject>())["events"]!.AsArray();
        Assert.Equal(2, log.Count(e => e!["type"]!.GetValue<string>() == "onTheTable"));
        Assert.Equal(amendment.Id.ToString(), log.Last()!["data"]!["amendmentId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pointer_to_nothing_to_two_things_or_to_another_document_s_paragraph_is_refused()
    {
        var document = await factory.CreateOpenAsync();
        var other = await factory.CreateOpenAsync();
        var url = $"/api/documents/{document.Id}/on-the-table";
        await (await _chair.PutAsync(url, JsonBody(new { }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.PutAsync(url, JsonBody(new { blockId = document.Blocks[1].Id, amendmentId = Guid.NewGuid() }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var elsewhere = await (await _chair.PutAsync(url, JsonBody(new { blockId = other.Blocks[1].Id }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(elsewhere["errors"]!["blockId"]);
        await (await _chair.PutAsync(url, JsonBody(new { amendmentId = Guid.NewGuid() }))).AssertProblemAsync(HttpStatusCode.NotFound);
        var draft = await factory.CreateDraftAsync();
        await (await _chair.PutAsync($"/api/documents/{draft.Id}/on-the-table", JsonBody(new { blockId = draft.Blocks[1].Id }))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Null((await (await _chair.GetAsync(url)).ReadAsync<TablePointerResponse>()).BlockId);
    }
}

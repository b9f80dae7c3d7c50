using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Meetings;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Meetings;

/// <summary>
/// Tabling deadlines, late amendments and oral amendments through HTTP, on the factory's fake clock
/// (docs/domain.md, "Deadlines and late amendments").
/// </summary>
public class DeadlineTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    /// <summary>Two sections: I (paragraphs 1, 2) and II (paragraph 3).</summary>
    private Task<DocumentResponse> CreateAsync() => factory.CreateOpenAsync(
        new { kind = "heading", label = "I", level = 1, text = "General" },
        new { kind = "paragraph", label = "1", text = "States should cooperate." },
        new { kind = "paragraph", label = "2", text = "States should consult." },
        new { kind = "heading", label = "II", level = 1, text = "Norms" },
        new { kind = "paragraph", label = "3", text = "States should report." });

    private static object Replace(BlockResponse block, string quote, string text) =>
        new { kind = "replace", blockId = block.Id, baseVersion = block.Version, quote, text };

    private static Task<HttpResponseMessage> ProposeAsync(HttpClient client, DocumentResponse document, object amendment) =>
        client.PostAsJsonAsync($"/api/documents/{document.Id}/amendments", amendment, HttpExtensions.Json);

    private async Task<int> EventCountAsync(Guid documentId) =>
        (await (await _chair.GetAsync($"/api/documents/{documentId}/events?limit=1000")).ReadAsync<JsonObject>())["events"]!.AsArray().Count;

    [Fact]
    public async Task A_proposal_one_second_after_the_deadline_is_a_409_naming_the_deadline_and_is_not_stored()
    {
        var document = await CreateAsync();
        var esp = await factory.ClientForAsync("ESP");
        var due = factory.Clock.GetUtcNow().AddHours(2);
        var set = await (await _chair.PutAsync($"/api/documents/{document.Id}/deadline", JsonBody(new { due, timeZone = "Europe/Zurich" })))
            .ReadAsync<DeadlineResponse>();
        Assert.Equal(due, set.Due);
        Assert.Equal(TimeSpan.FromHours(2), set.Due!.Value.Offset); // 10:00 UTC on 7 July 2025 is noon in Zurich (summer time)
        Assert.Equal("Europe/Zurich", set.TimeZone);

        factory.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        var onTime = await ProposeAsync(esp, document, Replace(document.Blocks[1], "cooperate", "cooperate closely"));
        Assert.Equal(HttpStatusCode.Created, onTime.StatusCode);
        Assert.False((await onTime.ReadAsync<AmendmentResponse>()).Late);

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var events = await EventCountAsync(document.Id);
        var problem = await (await ProposeAsync(esp, document, Replace(document.Blocks[2], "consult", "consult widely")))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"passed at {set.Due:yyyy-MM-dd HH:mm} Europe/Zurich (UTC+02:00)", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(events, await EventCountAsync(document.Id));
        Assert.Single(await (await _chair.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<AmendmentResponse>>());

        // The chair's own proposals are not tabled by delegations: no deadline binds them.
        Assert.Equal(HttpStatusCode.Created, (await ProposeAsync(_chair, document, Replace(document.Blocks[2], "consult", "consult openly"))).StatusCode);
    }

    [Fact]
    public async Task After_the_chair_opens_a_section_for_late_amendments_a_proposal_there_is_accepted_and_marked_late()
    {
        var document = await CreateAsync();
        var fra = await factory.ClientForAsync("FRA");
        await (await _chair.PutAsync($"/api/documents/{document.Id}/deadline", JsonBody(new { due = factory.Clock.GetUtcNow().AddMinutes(30) })))
            .AssertSuccessAsync();
        factory.Clock.Advance(TimeSpan.FromHours(1));
        await (await ProposeAsync(fra, document, Replace(document.Blocks[4], "report", "report yearly"))).AssertProblemAsync(HttpStatusCode.Conflict);

        var opened = await (await _chair.PutAsync($"/api/documents/{document.Id}/sections/{document.Blocks[3].Id}/deadline",
            JsonBody(new { lateAmendments = true }))).ReadAsync<DeadlineResponse>();
        Assert.True(opened.LateAmendments);
        Assert.Null(opened.Due);
        Assert.Equal("II", opened.SectionLabel);

        var late = await (await ProposeAsync(fra, document, Replace(document.Blocks[4], "report", "report yearly"))).ReadAsync<AmendmentResponse>();
        Assert.True(late.Late);
        Assert.True((await (await _chair.GetAsync($"/api/documents/{document.Id}/amendments/{late.Id}")).ReadAsync<AmendmentResponse>()).Late);
        // Section I is not open for late amendments.
        await (await ProposeAsync(fra, document, Replace(document.Blocks[1], "cooperate", "work together"))).AssertProblemAsync(HttpStatusCode.Conflict);

        var listed = await (await fra.GetAsync($"/api/documents/{document.Id}/deadlines")).ReadAsync<List<DeadlineResponse>>();
        Assert.Equal([null, document.Blocks[3].Id], listed.Select(d => d.SectionId));

        // Clearing the document's deadline lets every section take amendments on time again.
        await (await _chair.DeleteAsync($"/api/documents/{document.Id}/deadline")).AssertSuccessAsync();
        var onTime = await (await ProposeAsync(fra, document, Replace(document.Blocks[1], "cooperate", "work together"))).ReadAsync<AmendmentResponse>();
        Assert.False(onTime.Late);
    }

    [Fact]
    public async Task An_oral_amendment_entered_by_the_chair_for_ESP_is_attributed_to_ESP_and_marked_oral_even_after_the_deadline()
    {
        var document = await CreateAsync();
        await factory.EnsureDelegationAsync("ESP");
        await (await _chair.PutAsync($"/api/documents/{document.Id}/deadline", JsonBody(new { due = factory.Clock.GetUtcNow().AddMinutes(5) })))
            .AssertSuccessAsync();
        factory.Clock.Advance(TimeSpan.FromMinutes(10));

        var oral = await (await _chair.PostAsJsonAsync($"/api/documents/{document.Id}/amendments/oral",
            new { delegation = "esp", kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "cooperate in good faith" },
            HttpExtensions.Json)).ReadAsync<AmendmentResponse>();
        Assert.Equal(("ESP", "CHAIR", true, false), (oral.Proposer, oral.SubmittedBy, oral.Oral, oral.Late));

        var log = (await (await _chair.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<JsonObject>())["events"]!.AsArray();
        var proposed = log.Last(e => e!["type"]!.GetValue<string>() == "amendmentProposed")!;
        Assert.Equal("CHAIR", proposed["actor"]!.GetValue<string>());
        Assert.Equal("ESP", proposed["data"]!["proposer"]!.GetValue<string>());
        Assert.True(proposed["data"]!["oral"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_delegation_cannot_enter_an_oral_amendment_nor_set_a_deadline()
    {
        var document = await CreateAsync();
        var esp = await factory.ClientForAsync("ESP");
        var events = await EventCountAsync(document.Id);
        await (await esp.PostAsJsonAsync($"/api/documents/{document.Id}/amendments/oral",
            new { delegation = "ESP", kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "cooperate" },
            HttpExtensions.Json)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await esp.PutAsync($"/api/documents/{document.Id}/deadline", JsonBody(new { due = factory.Clock.GetUtcNow().AddDays(1) })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(events, await EventCountAsync(document.Id));
        Assert.Empty(await (await esp.GetAsync($"/api/documents/{document.Id}/deadlines")).ReadAsync<List<DeadlineResponse>>());
    }

    [Fact]
    public async Task Bad_deadlines_and_bad_oral_amendments_are_refused_with_clear_problems_and_change_nothing()
    {
        var document = await CreateAsync();
        var events = await EventCountAsync(document.Id);
        var url = $"/api/documents/{document.Id}/deadline";

        var past = await (await _chair.PutAsync(url, JsonBody(new { due = factory.Clock.GetUtcNow().AddSeconds(-1) }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("must lie ahead", past["errors"]!["due"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var zone = await (await _chair.PutAsync(url, JsonBody(new { due = factory.Clock.GetUtcNow().AddDays(1), timeZone = "Mars/Olympus_Mons" })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(zone["errors"]!["timeZone"]);
        await (await _chair.PutAsync(url, JsonBody(new { }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.PutAsync(url, JsonBody(new { due = "next tuesday" }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        var paragraph = await (await _chair.PutAsync($"/api/documents/{document.Id}/sections/{document.Blocks[1].Id}/deadline",
            JsonBody(new { due = factory.Clock.GetUtcNow().AddDays(1) }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not a heading", paragraph["errors"]!["sectionId"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await (await _chair.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _chair.PutAsync($"/api/documents/{Guid.NewGuid()}/deadline", JsonBody(new { due = factory.Clock.GetUtcNow().AddDays(1) })))
            .AssertProblemAsync(HttpStatusCode.NotFound);

        var oralUrl = $"/api/documents/{document.Id}/amendments/oral";
        var nobody = await (await _chair.PostAsJsonAsync(oralUrl, new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "x" },
            HttpExtensions.Json)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(nobody["errors"]!["delegation"]);
        var unknown = await (await _chair.PostAsJsonAsync(oralUrl,
            new { delegation = "ZZZ", kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "x" }, HttpExtensions.Json))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(unknown["errors"]!["delegation"]);

        Assert.Equal(events, await EventCountAsync(document.Id));
        Assert.Empty(await (await _chair.GetAsync($"/api/documents/{document.Id}/deadlines")).ReadAsync<List<DeadlineResponse>>());
        Assert.Empty(await (await _chair.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<AmendmentResponse>>());
    }
}

using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Meetings;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Meetings;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Meetings;

/// <summary>The decision list of the demo document, the chair's proposed handling and the proposers' answers (docs/domain.md, "The decision list").</summary>
public class DecisionListTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private sealed record Demo(DocumentResponse Document, AmendmentResponse A1, AmendmentResponse A2, AmendmentResponse A3, AmendmentResponse A4,
        AmendmentResponse A5, AmendmentResponse A6);

    /// <summary>
    /// A copy of the demo, open, with six amendments: A1 (ESP) on ¶1 with a sub-amendment A6 (PER); A2 (FRA) and A3 (BRA) making the
    /// same insertion in ¶3; A4 (CHL) and A5 (MEX) replacing overlapping words of ¶4.
    /// </summary>
    private async Task<Demo> DemoAsync()
    {
        // A copy of the demo per test, imported as the README's tour makes one.
        var copy = await (await _chair.PostAsync($"/api/documents/import?symbol=A/AC.292/2025/L.1/T.{Guid.NewGuid():N}"[..60],
            TextBody(Fixtures.Seed))).ReadAsync<DocumentResponse>();
        await (await _chair.PostAsync($"/api/documents/{copy.Id}/open", null)).AssertSuccessAsync();
        var document = await (await _chair.GetAsync($"/api/documents/{copy.Id}")).ReadAsync<DocumentResponse>();
        BlockResponse P(string label) => document.Blocks.Single(b => b.Label == label);
        foreach (var code in new[] { "CHL", "PER" })
        {
            await factory.EnsureDelegationAsync(code);
        }

        async Task<AmendmentResponse> Propose(string code, object body) => await (await factory.ClientForAsync(code)).ProposeAsync(document.Id, body);
        var a1 = await Propose("ESP", new { kind = "replace", blockId = P("1").Id, baseVersion = 1, quote = "decidió", text = "resolvió" });
        var a2 = await Propose("FRA", new { kind = "insert", blockId = P("3").Id, baseVersion = 1, anchor = "Naciones Unidas", placement = "after", text = ", en Nueva York" });
        var a3 = await Propose("BRA", new { kind = "insert", blockId = P("3").Id, baseVersion = 1, anchor = "Naciones Unidas", placement = "after", text = ", en Nueva York" });
        var a4 = await Propose("CHL", new { kind = "replace", blockId = P("4").Id, baseVersion = 1, quote = "prestaron apoyo sustantivo", text = "apoyaron" });
        var a5 = await Propose("MEX", new { kind = "replace", blockId = P("4").Id, baseVersion = 1, quote = "apoyo sustantivo", text = "apoyo técnico y sustantivo" });
        var a6 = await (await (await factory.ClientForAsync("PER")).PostAsJsonAsync($"/api/documents/{document.Id}/amendments/{a1.Id}/sub-amendments",
            new { kind = "replace", quote = "resolvió", text = "resolvió por consenso" }, HttpExtensions.Json)).ReadAsync<AmendmentResponse>();
        return new Demo(document, a1, a2, a3, a4, a5, a6);
    }

    private async Task<DecisionListResponse> ListAsync(Guid documentId, string query = "") =>
        await (await _chair.GetAsync($"/api/documents/{documentId}/decision-list{query}")).ReadAsync<DecisionListResponse>();

    [Fact]
    public async Task The_demo_s_six_amendments_are_listed_in_text_order_with_the_sub_amendment_after_its_parent_the_identical_pair_as_one_and_the_colliding_pair_marked()
    {
        var demo = await DemoAsync();
        var list = await ListAsync(demo.Document.Id);

        Assert.Equal([[demo.A1.Id], [demo.A6.Id], [demo.A2.Id, demo.A3.Id], [demo.A5.Id], [demo.A4.Id]],
            list.Items.Select(i => i.Amendments.Select(a => a.Id).ToArray()));
        Assert.Equal(["1", "1", "3", "4", "4"], list.Items.Select(i => i.Label));
        Assert.Equal([null, 1, null, null, null], list.Items.Select(i => i.SubAmendmentOf));
        Assert.Equal(["FRA", "BRA"], list.Items[2].Amendments.Select(a => a.Proposer));
        // The colliding pair: the one furthest from the text (more words changed) first.
        Assert.Equal([5], list.Items[3].CollidesWith);
        Assert.Equal([4], list.Items[4].CollidesWith);
        Assert.Equal(["furthestFromText", "furthestFromText"], list.Items.Skip(3).Select(i => i.Order));
        Assert.Equal("replace “apoyo sustantivo” with “apoyo técnico y sustantivo”", list.Items[3].Change);

        // A meeting's range of paragraphs, and a section.
        Assert.Equal(["3", "4", "4"], (await ListAsync(demo.Document.Id, "?from=3&to=4")).Items.Select(i => i.Label));
    }

    [Fact]
    public async Task The_chair_s_proposed_handling_and_each_proposer_s_answer_show_in_the_list_in_JSON_Markdown_and_Word()
    {
        var demo = await DemoAsync();
        var id = demo.Document.Id;
        var merge = await (await _chair.PutAsync($"/api/documents/{id}/amendments/{demo.A5.Id}/handling",
            JsonBody(new { handling = "merge", text = "prestaron apoyo técnico", note = "Compromise of A4 and A5." }))).ReadAsync<HandlingResponse>();
        Assert.Equal((Handling.Merge, "prestaron apoyo técnico", (HandlingAnswer?)null), (merge.Handling, merge.Text, merge.Answer));
        await (await _chair.PutAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling", JsonBody(new { handling = "reject" }))).AssertSuccessAsync();
        await (await _chair.PutAsync($"/api/documents/{id}/amendments/{demo.A1.Id}/handling", JsonBody(new { handling = "accept" }))).AssertSuccessAsync();

        var accepted = await (await (await factory.ClientForAsync("ESP")).PostAsync($"/api/documents/{id}/amendments/{demo.A1.Id}/handling/accept", null))
            .ReadAsync<HandlingResponse>();
        Assert.Equal((HandlingAnswer.Accepted, "ESP"), (accepted.Answer!.Value, accepted.AnsweredBy));
        await (await (await factory.ClientForAsync("CHL")).PostAsJsonAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling/contest",
            new { statement = "Our text is shorter." }, HttpExtensions.Json)).AssertSuccessAsync();

        var list = await ListAsync(id);
        Assert.Equal((Handling.Accept, HandlingAnswer.Accepted), (list.Items[0].Handling!.Handling, list.Items[0].Handling!.Answer!.Value));
        Assert.Equal((Handling.Merge, (HandlingAnswer?)null), (list.Items[3].Handling!.Handling, list.Items[3].Handling!.Answer));
        Assert.Equal(("Our text is shorter.", HandlingAnswer.Contested), (list.Items[4].Handling!.Statement, list.Items[4].Handling!.Answer!.Value));
        Assert.Null(list.Items[2].Handling);

        var markdown = await _chair.GetStringAsync($"/api/documents/{id}/decision-list?format=markdown");
        Assert.Contains("| Item | Paragraph | Amendment | Proposers | Proposed handling | Proposer's answer |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2 (to 1) | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("merge into “prestaron apoyo técnico” — Compromise of A4 and A5.", markdown, StringComparison.Ordinal);
        Assert.Contains("CHL: contests (Our text is shorter.)", markdown, StringComparison.Ordinal);

        var word = await _chair.GetAsync($"/api/documents/{id}/decision-list?format=docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", word.Content.Headers.ContentType?.MediaType);
        using var package = WordprocessingDocument.Open(new MemoryStream(await word.Content.ReadAsByteArrayAsync()), false);
        var cells = package.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList();
        Assert.Contains("FRA; BRA", cells);
        Assert.Contains("ESP: accepts", cells);
        Assert.Equal(6 * 6, cells.Count);

        // The chair's own order among the colliding pair: A4 first.
        await (await _chair.PutAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling", JsonBody(new { handling = "reject", order = 1 }))).AssertSuccessAsync();
        var reordered = await ListAsync(id);
        Assert.Equal([demo.A4.Id, demo.A5.Id], reordered.Items.Skip(3).Select(i => i.Amendments[0].Id));
        Assert.Equal(["chair", "chair"], reordered.Items.Skip(3).Select(i => i.Order));

        // Changing the handling asks the proposer again.
        var changed = await (await _chair.PutAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling", JsonBody(new { handling = "discuss" })))
            .ReadAsync<HandlingResponse>();
        Assert.Null(changed.Answer);
    }

    [Fact]
    public async Task Bad_handling_requests_and_bad_list_queries_are_refused_and_change_nothing()
    {
        var demo = await DemoAsync();
        var id = demo.Document.Id;
        var version = (await (await _chair.GetAsync($"/api/documents/{id}")).ReadAsync<DocumentResponse>()).Version;

        var noText = await (await _chair.PutAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling", JsonBody(new { handling = "merge" })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(noText["errors"]!["text"]);
        await (await _chair.PutAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling", JsonBody(new { handling = "shelve" }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        var unanswerable = await (await (await factory.ClientForAsync("CHL")).PostAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling/accept", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not proposed a handling", unanswerable["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await _chair.PutAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling", JsonBody(new { handling = "reject" }))).AssertSuccessAsync();
        version++;
        await (await (await factory.ClientForAsync("MEX")).PostAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling/accept", null))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var silent = await (await (await factory.ClientForAsync("CHL")).PostAsJsonAsync($"/api/documents/{id}/amendments/{demo.A4.Id}/handling/contest",
            new { }, HttpExtensions.Json)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(silent["errors"]!["statement"]);

        var notHeading = await (await _chair.GetAsync($"/api/documents/{id}/decision-list?section={demo.A1.BlockId}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(notHeading["errors"]!["section"]);
        await (await _chair.GetAsync($"/api/documents/{id}/decision-list?from=999")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.GetAsync($"/api/documents/{id}/decision-list?from=4&to=3")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.GetAsync($"/api/documents/{id}/decision-list?format=pdf")).AssertProblemAsync(HttpStatusCode.NotAcceptable);
        Assert.Equal(version, (await (await _chair.GetAsync($"/api/documents/{id}")).ReadAsync<DocumentResponse>()).Version);
    }
}

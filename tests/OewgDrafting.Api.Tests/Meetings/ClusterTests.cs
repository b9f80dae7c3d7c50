using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Meetings;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Meetings;

/// <summary>Clusters of sections and their facilitators through HTTP (docs/domain.md, "Facilitators and clusters").</summary>
public class ClusterTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    /// <summary>Three sections: I (paragraph 1), II (paragraphs 2 and 3, the second bracketed) and III (paragraph 4).</summary>
    private Task<DocumentResponse> CreateAsync() => factory.CreateOpenAsync(
        new { kind = "heading", label = "I", level = 1, text = "General" },
        new { kind = "paragraph", label = "1", text = "States should cooperate." },
        new { kind = "heading", label = "II", level = 1, text = "Capacity-building" },
        new { kind = "paragraph", label = "2", text = "States should build capacity." },
        new { kind = "paragraph", label = "3", text = "States [shall / should] share practices." },
        new { kind = "heading", label = "III", level = 1, text = "Regular dialogue" },
        new { kind = "paragraph", label = "4", text = "States should meet regularly." });

    private static object Replace(BlockResponse block, string quote, string text) =>
        new { kind = "replace", blockId = block.Id, baseVersion = block.Version, quote, text };

    private async Task<ClusterResponse> ClusterAsync(DocumentResponse document, string name, BlockResponse[] sections, params string[] facilitators)
    {
        var response = await _chair.PostAsJsonAsync($"/api/documents/{document.Id}/clusters",
            new { name, sections = sections.Select(s => s.Id), facilitators }, HttpExtensions.Json);
        await response.AssertSuccessAsync();
        return await response.ReadAsync<ClusterResponse>();
    }

    private async Task<AmendmentResponse> ProposeAsync(string delegation, DocumentResponse document, object amendment) =>
        await (await factory.ClientForAsync(delegation)).ProposeAsync(document.Id, amendment);

    private async Task<long> VersionAsync(Guid documentId) =>
        (await (await _chair.GetAsync($"/api/documents/{documentId}")).ReadAsync<DocumentResponse>()).Version;

    [Fact]
    public async Task A_facilitator_of_cluster_II_decides_an_amendment_in_section_II_is_refused_in_section_III_and_cannot_adopt()
    {
        var document = await CreateAsync();
        var cluster = await ClusterAsync(document, "II", [document.Blocks[2]], "MEX");
        Assert.Equal(["MEX"], cluster.Facilitators);
        Assert.Equal("II", Assert.Single(cluster.Sections).Label);
        var inII = await ProposeAsync("ESP", document, Replace(document.Blocks[3], "build", "strengthen"));
        var inIII = await ProposeAsync("ESP", document, Replace(document.Blocks[6], "regularly", "annually"));
        var mex = await factory.ClientForAsync("MEX");

        var accepted = await (await mex.PostAsync($"/api/documents/{document.Id}/amendments/{inII.Id}/accept", null)).ReadAsync<AmendmentResponse>();
        Assert.Equal(Domain.Amendments.AmendmentStatus.Accepted, accepted.Status);
        Assert.Equal("MEX", accepted.DecidedBy);
        var paragraph = await (await _chair.GetAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[3].Id}")).ReadAsync<BlockResponse>();
        Assert.Equal("States should strengthen capacity.", paragraph.Text);

        var version = await VersionAsync(document.Id);
        var outside = await (await mex.PostAsync($"/api/documents/{document.Id}/amendments/{inIII.Id}/accept", null))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("MEX facilitates cluster \"II\", and paragraph 4 lies in no cluster", outside["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await mex.PostAsync($"/api/documents/{document.Id}/adopt", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        // A delegation that facilitates nothing here is refused before anything is read.
        await (await (await factory.ClientForAsync("ESP")).PostAsync($"/api/documents/{document.Id}/amendments/{inII.Id}/reject", null))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(version, await VersionAsync(document.Id));

        var log = (await (await _chair.GetAsync($"/api/documents/{document.Id}/events?limit=100")).ReadAsync<JsonObject>())["events"]!.AsArray();
        var decided = log.Single(e => e!["type"]!.GetValue<string>() == "amendmentAccepted");
        Assert.Equal("MEX", decided!["actor"]!.GetValue<string>());
        Assert.Contains(log, e => e!["type"]!.GetValue<string>() == "clusterSet");
    }

    [Fact]
    public async Task A_facilitator_has_the_chair_s_powers_inside_its_cluster_and_none_outside_it_or_over_the_whole_document()
    {
        var document = await CreateAsync();
        await ClusterAsync(document, "II", [document.Blocks[2]], "MEX", "SGP");
        var sgp = await factory.ClientForAsync("SGP");
        var id = document.Id;
        var due = factory.Clock.GetUtcNow().AddDays(1);

        // Deadlines: its section's, not another's nor the document's.
        await (await sgp.PutAsJsonAsync($"/api/documents/{id}/sections/{document.Blocks[2].Id}/deadline", new { due }, HttpExtensions.Json)).AssertSuccessAsync();
        await (await sgp.PutAsJsonAsync($"/api/documents/{id}/sections/{document.Blocks[5].Id}/deadline", new { due }, HttpExtensions.Json))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await sgp.PutAsJsonAsync($"/api/documents/{id}/deadline", new { due }, HttpExtensions.Json)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await sgp.DeleteAsync($"/api/documents/{id}/sections/{document.Blocks[2].Id}/deadline")).AssertSuccessAsync();

        // Oral amendments: entered for the delegation that moved them, by the facilitator who entered them.
        var oral = await (await sgp.PostAsJsonAsync($"/api/documents/{id}/amendments/oral",
                new { delegation = "ESP", kind = "replace", blockId = document.Blocks[3].Id, baseVersion = 1, quote = "build", text = "develop" }, HttpExtensions.Json))
            .ReadAsync<AmendmentResponse>();
        Assert.True(oral.Oral);
        Assert.Equal(("ESP", "SGP"), (oral.Proposer, oral.SubmittedBy));
        await (await sgp.PostAsJsonAsync($"/api/documents/{id}/amendments/oral",
                new { delegation = "ESP", kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act" }, HttpExtensions.Json))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        // Proposed handling, what is on the table, merging into a compromise.
        var other = await ProposeAsync("FRA", document, Replace(document.Blocks[3], "build capacity", "build their capacity"));
        await (await sgp.PutAsJsonAsync($"/api/documents/{id}/amendments/{oral.Id}/handling", new { handling = "accept" }, HttpExtensions.Json)).AssertSuccessAsync();
        await (await sgp.PutAsJsonAsync($"/api/documents/{id}/on-the-table", new { amendmentId = oral.Id }, HttpExtensions.Json)).AssertSuccessAsync();
        await (await sgp.PutAsJsonAsync($"/api/documents/{id}/on-the-table", new { blockId = document.Blocks[6].Id }, HttpExtensions.Json))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        var compromise = await (await sgp.PostAsJsonAsync($"/api/documents/{id}/amendments/merge", new
        {
            amendmentIds = new[] { oral.Id, other.Id }, kind = "replace", blockId = document.Blocks[3].Id, baseVersion = 1, quote = "build capacity",
            text = "develop their capacity",
        }, HttpExtensions.Json)).ReadAsync<AmendmentResponse>();
        Assert.Equal(("CHAIR", "SGP"), (compromise.Proposer, compromise.SubmittedBy));
        await (await sgp.PostAsync($"/api/documents/{id}/amendments/{compromise.Id}/accept", null)).AssertSuccessAsync();

        // Brackets and agreement ad referendum, and reopening.
        await (await sgp.PostAsJsonAsync($"/api/documents/{id}/blocks/{document.Blocks[4].Id}/brackets/0/resolve",
            new { action = "keep", alternative = 1, expectedVersion = 1 }, HttpExtensions.Json)).AssertSuccessAsync();
        await (await sgp.PostAsync($"/api/documents/{id}/blocks/{document.Blocks[4].Id}/agree", null)).AssertSuccessAsync();
        var reopened = await (await sgp.PostAsync($"/api/documents/{id}/blocks/{document.Blocks[4].Id}/reopen", null)).ReadAsync<BlockResponse>();
        Assert.Equal(Domain.Documents.BlockStatus.Open, reopened.Status);
        await (await sgp.PostAsync($"/api/documents/{id}/blocks/{document.Blocks[1].Id}/agree", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        // What is the chair's alone: silence, adoption, the registry, the clusters themselves.
        var version = await VersionAsync(id);
        await (await sgp.PostAsJsonAsync($"/api/documents/{id}/silence", new { deadline = factory.Clock.GetUtcNow().AddDays(4) }, HttpExtensions.Json))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await sgp.PostAsync($"/api/documents/{id}/adopt", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await sgp.PostAsJsonAsync("/api/delegations", new { code = "PRY", name = "Paraguay", kind = "memberState" }, HttpExtensions.Json))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await sgp.PostAsJsonAsync($"/api/documents/{id}/clusters", new { name = "III", sections = new[] { document.Blocks[5].Id }, facilitators = new[] { "SGP" } },
            HttpExtensions.Json)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await sgp.PostAsJsonAsync($"/api/documents/{id}/revisions", new { renumber = false }, HttpExtensions.Json)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(version, await VersionAsync(id));
    }

    [Fact]
    public async Task Bad_clusters_are_refused_with_clear_problems_and_change_nothing()
    {
        var document = await CreateAsync();
        var two = await ClusterAsync(document, "II", [document.Blocks[2]], "MEX");
        var version = await VersionAsync(document.Id);
        var url = $"/api/documents/{document.Id}/clusters";

        async Task<JsonObject> RefusedAsync(HttpStatusCode status, object body, string? put = null)
        {
            var response = put is null ? await _chair.PostAsJsonAsync(url, body, HttpExtensions.Json) : await _chair.PutAsJsonAsync($"{url}/{put}", body, HttpExtensions.Json);
            return await response.AssertProblemAsync(status);
        }

        var overlap = await RefusedAsync(HttpStatusCode.Conflict, new { name = "Dialogue", sections = new[] { document.Blocks[5].Id, document.Blocks[2].Id }, facilitators = new[] { "SGP" } });
        Assert.Contains("Section II is already in cluster \"II\": a paragraph belongs to one cluster at most", overlap["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var paragraph = await RefusedAsync(HttpStatusCode.UnprocessableEntity, new { name = "X", sections = new[] { document.Blocks[1].Id }, facilitators = new[] { "SGP" } });
        Assert.Contains("is not a heading of this document", paragraph["errors"]!["sections"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var none = await RefusedAsync(HttpStatusCode.UnprocessableEntity, new { name = "", sections = Array.Empty<Guid>(), facilitators = Array.Empty<string>() });
        Assert.NotNull(none["errors"]!["name"]);
        Assert.NotNull(none["errors"]!["sections"]);
        Assert.NotNull(none["errors"]!["facilitators"]);
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, new { name = "X", sections = new[] { document.Blocks[5].Id }, facilitators = new[] { "SGP", "BRA", "DEU" } });
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, new { name = "X", sections = new[] { document.Blocks[5].Id }, facilitators = new[] { "SGP", "sgp" } });
        var observer = await RefusedAsync(HttpStatusCode.UnprocessableEntity, new { name = "X", sections = new[] { document.Blocks[5].Id }, facilitators = new[] { "ICRC" } });
        Assert.Contains("ICRC is not an active member state", observer["errors"]!["facilitators"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, new { name = "X", sections = new[] { document.Blocks[5].Id }, facilitators = new[] { "ZZZ" } });
        var taken = await RefusedAsync(HttpStatusCode.Conflict, new { name = "ii", sections = new[] { document.Blocks[5].Id }, facilitators = new[] { "SGP" } });
        Assert.Contains("already has a cluster named \"II\"", taken["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var stale = await RefusedAsync(HttpStatusCode.Conflict, new { name = "II", sections = new[] { document.Blocks[2].Id }, facilitators = new[] { "SGP" }, expectedVersion = 7 },
            put: two.Id.ToString());
        Assert.Equal(1, stale["currentVersion"]!.GetValue<int>());
        await RefusedAsync(HttpStatusCode.UnprocessableEntity, new { name = "II", sections = new[] { document.Blocks[2].Id }, facilitators = new[] { "SGP" } }, put: two.Id.ToString());
        await (await _chair.PostAsync(url, new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _chair.DeleteAsync($"{url}/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(version, await VersionAsync(document.Id));
        var listed = await (await _chair.GetAsync(url)).ReadAsync<List<ClusterResponse>>();
        Assert.Equal(two, Assert.Single(listed), ClusterComparer);
    }

    [Fact]
    public async Task Clusters_are_listed_in_text_order_changed_and_removed_and_a_former_facilitator_loses_its_powers()
    {
        var document = await CreateAsync();
        var three = await ClusterAsync(document, "III", [document.Blocks[5]], "BRA");
        var two = await ClusterAsync(document, "II", [document.Blocks[2]], "MEX");
        Assert.Equal(["II", "III"], (await (await _chair.GetAsync($"/api/documents/{document.Id}/clusters")).ReadAsync<List<ClusterResponse>>()).Select(c => c.Name));
        Assert.Equal(three, await (await _chair.GetAsync($"/api/documents/{document.Id}/clusters/{three.Id}")).ReadAsync<ClusterResponse>(), ClusterComparer);
        var amendment = await ProposeAsync("ESP", document, Replace(document.Blocks[3], "build", "strengthen"));
        var mex = await factory.ClientForAsync("MEX");
        var sgp = await factory.ClientForAsync("SGP");

        var changed = await (await _chair.PutAsJsonAsync($"/api/documents/{document.Id}/clusters/{two.Id}",
            new { name = "II", sections = new[] { document.Blocks[2].Id }, facilitators = new[] { "SGP" }, expectedVersion = two.Version }, HttpExtensions.Json))
            .ReadAsync<ClusterResponse>();
        Assert.Equal(2, changed.Version);
        Assert.Equal(["SGP"], changed.Facilitators);
        await (await mex.PutAsJsonAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/handling", new { handling = "bracket" }, HttpExtensions.Json))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await sgp.PutAsJsonAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/handling", new { handling = "bracket" }, HttpExtensions.Json))
            .AssertSuccessAsync();

        await (await _chair.DeleteAsync($"/api/documents/{document.Id}/clusters/{two.Id}?expectedVersion=2")).AssertSuccessAsync();
        await (await sgp.PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/bracket", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        // Its sections are free again: another cluster may take them.
        await ClusterAsync(document, "II bis", [document.Blocks[2]], "BRA");
        await (await (await factory.ClientForAsync("BRA")).PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/bracket", null)).AssertSuccessAsync();

        var log = (await (await _chair.GetAsync($"/api/documents/{document.Id}/events?limit=100")).ReadAsync<JsonObject>())["events"]!.AsArray();
        Assert.Equal(["clusterSet", "clusterSet", "clusterSet", "clusterRemoved", "clusterSet"],
            log.Select(e => e!["type"]!.GetValue<string>()).Where(t => t.StartsWith("cluster", StringComparison.Ordinal)));
    }

    private static readonly IEqualityComparer<ClusterResponse> ClusterComparer = EqualityComparer<ClusterResponse>.Create(
        (a, b) => a!.Id == b!.Id && a.Name == b.Name && a.Version == b.Version && a.Facilitators.SequenceEqual(b.Facilitators)
                  && a.Sections.SequenceEqual(b.Sections),
        c => c.Id.GetHashCode());
}

using System.Net;
using OewgDrafting.Api.Features.Consensus;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Silence;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.HotPaths;

/// <summary>
/// Proposals are checked against a snapshot of their paragraph when it is open and at the version they name: what
/// changes a paragraph on this instance drops its snapshot, so a proposal made afterwards is refused exactly as it
/// would be from the database.
/// </summary>
public class BlockSnapshotTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    private HttpClient Chair => factory.ChairClient();

    /// <summary>An open document whose paragraph 1 has been proposed on (so its snapshot is kept) and the proposal rejected.</summary>
    private async Task<(Features.Documents.DocumentResponse Document, Guid Paragraph, HttpClient Spain)> SnapshotTakenAsync(params object[] blocks)
    {
        var document = await factory.CreateOpenAsync(blocks);
        var paragraph = document.Blocks.First(b => b.Kind == BlockKind.Paragraph).Id;
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var first = await spain.ProposeAsync(document.Id, Replace(paragraph));
        Assert.Equal(HttpStatusCode.OK, (await Chair.PostAsync($"/api/documents/{document.Id}/amendments/{first.Id}/reject",
            JsonBody(new { reason = "Not now." }))).StatusCode);
        return (document, paragraph, spain);
    }

    private static object Replace(Guid paragraph) => new { kind = "replace", blockId = paragraph, baseVersion = 1, quote = "text", text = "wording" };

    private static async Task AssertRefusedBeforeTheTurnAsync(HttpResponseMessage response)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        // The reason read with the paragraph, not the one the turn gives when it finds the paragraph changed meanwhile.
        Assert.Contains("accepted only on open paragraphs", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paragraph_agreed_after_its_snapshot_was_taken_refuses_the_next_proposal_for_the_reason_read_from_the_database()
    {
        var (document, paragraph, spain) = await SnapshotTakenAsync(new { kind = "paragraph", label = "1", text = "Some text." });
        Assert.Equal(HttpStatusCode.OK, (await Chair.PostAsync($"/api/documents/{document.Id}/blocks/{paragraph}/agree", null)).StatusCode);

        await AssertRefusedBeforeTheTurnAsync(await spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(paragraph))));
    }

    [Fact]
    public async Task A_paragraph_agreed_in_silence_by_a_command_that_saves_midway_refuses_the_next_proposal_the_same_way()
    {
        var (document, paragraph, spain) = await SnapshotTakenAsync(
            new { kind = "paragraph", label = "1", text = "Clean text." },
            new { kind = "paragraph", label = "2", text = "Still [bracketed]." });
        // On the whole document: the paragraphs are agreed and saved before the adoption is weighed (and refused here).
        var started = await (await Chair.PostAsync($"/api/documents/{document.Id}/silence",
            JsonBody(new { deadline = factory.Clock.GetUtcNow().AddHours(72) }))).ReadAsync<SilenceResponse>();
        factory.Clock.Advance(TimeSpan.FromHours(73));
        await Chair.WaitForSilenceAsync(document.Id, started.Id, s => s.Status != SilenceStatus.Running);

        var blocks = (await (await Chair.GetAsync($"/api/documents/{document.Id}")).ReadAsync<Features.Documents.DocumentResponse>()).Blocks;
        Assert.Equal(BlockStatus.AgreedAdRef, blocks.Single(b => b.Id == paragraph).Status);
        await AssertRefusedBeforeTheTurnAsync(await spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(paragraph))));
    }

    [Fact]
    public async Task A_paragraph_deleted_after_its_snapshot_was_taken_is_no_block_of_the_document_for_the_next_proposal()
    {
        var (document, paragraph, spain) = await SnapshotTakenAsync(
            new { kind = "paragraph", label = "1", text = "Some text." },
            new { kind = "paragraph", label = "2", text = "Other text." });
        Assert.Equal(HttpStatusCode.NoContent, (await Chair.DeleteAsync($"/api/documents/{document.Id}/blocks/{paragraph}?expectedVersion=1")).StatusCode);

        var problem = await (await spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(paragraph))))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["blockId"]);
    }

    [Fact]
    public void A_snapshot_serves_only_its_own_open_version_and_a_read_older_than_a_drop_is_not_kept()
    {
        var snapshots = new BlockSnapshots();
        var documentId = Guid.NewGuid();
        var open = Block.Create(Guid.NewGuid(), documentId, BlockKind.Paragraph, null, "1", "Text.", 1, BlockStatus.Open);
        snapshots.Keep(open, snapshots.Generation);
        Assert.Same(open, snapshots.Open(open.Id, documentId, 1)?.Block);
        Assert.Null(snapshots.Open(open.Id, documentId, 2));
        Assert.Null(snapshots.Open(open.Id, Guid.NewGuid(), 1));

        var draft = Block.Create(Guid.NewGuid(), documentId, BlockKind.Paragraph, null, "2", "Draft.", 2, BlockStatus.Draft);
        snapshots.Keep(draft, snapshots.Generation);
        Assert.Null(snapshots.Open(draft.Id, documentId, 1));

        // Read before a paragraph was dropped: the read may predate the change, so it is not kept.
        var generation = snapshots.Generation;
        snapshots.Drop([open.Id]);
        Assert.Null(snapshots.Open(open.Id, documentId, 1));
        snapshots.Keep(open, generation);
        Assert.Null(snapshots.Open(open.Id, documentId, 1));
    }
}

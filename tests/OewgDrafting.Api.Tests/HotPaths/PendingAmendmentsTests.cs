using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Amendments;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.HotPaths;

/// <summary>
/// On SQLite a proposal's answer finds its collisions among the paragraph's pending amendments kept in memory
/// (<see cref="PendingAmendments"/>): they must be exactly the database's, and the answer exactly the query's.
/// </summary>
public class PendingAmendmentsTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    private HttpClient Chair => factory.ChairClient();

    private PendingAmendments Pending => factory.Services.GetRequiredService<PendingAmendments>();

    private async Task<List<Guid>> KeptAsync(Guid documentId, Guid blockId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var kept = await Pending.OfAsync(db.Model, documentId, blockId, CancellationToken.None);
        return kept!.Select(e => e.Id).Order().ToList();
    }

    private async Task<List<Guid>> StoredAsync(Guid blockId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        return (await db.Amendments.AsNoTracking().Where(a => a.BlockId == blockId && a.Status == AmendmentStatus.Proposed)
            .Select(a => a.Id).ToListAsync()).Order().ToList();
    }

    private static object Replace(Guid blockId, int version, string quote, string text) =>
        new { kind = "replace", blockId, baseVersion = version, quote, text };

    [Fact]
    public async Task Kept_amendments_follow_proposals_withdrawals_and_decisions_as_the_database_stores_them()
    {
        factory.CreateClient();
        if (!Pending.Enabled)
        {
            // PostgreSQL: several instances write, and every answer queries the database.
            Assert.False(factory.Services.GetRequiredService<DraftingConnections>().SingleWriter);
            return;
        }

        var document = await factory.CreateOpenAsync();
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[2];
        var first = await spain.ProposeAsync(document.Id, Replace(paragraph.Id, 1, "Second", "One"));
        var second = await spain.ProposeAsync(document.Id, Replace(paragraph.Id, 1, "Second", "Two"));
        var third = await spain.ProposeAsync(document.Id, Replace(paragraph.Id, 1, "Second", "Three"));
        Assert.Equal([first.Id, second.Id], third.CollidesWith);
        Assert.Equal(await StoredAsync(paragraph.Id), await KeptAsync(document.Id, paragraph.Id));

        // A withdrawal changes an amendment: it no longer collides.
        Assert.Equal(HttpStatusCode.OK, (await spain.PostAsync($"/api/documents/{document.Id}/amendments/{first.Id}/withdraw", null)).StatusCode);
        var fourth = await spain.ProposeAsync(document.Id, Replace(paragraph.Id, 1, "Second", "Four"));
        Assert.Equal([second.Id, third.Id], fourth.CollidesWith);

        // So does the chair's decision.
        Assert.Equal(HttpStatusCode.OK, (await Chair.PostAsync($"/api/documents/{document.Id}/amendments/{second.Id}/reject",
            JsonBody(new { reason = "No." }))).StatusCode);
        var fifth = await spain.ProposeAsync(document.Id, Replace(paragraph.Id, 1, "Second", "Five"));
        Assert.Equal([third.Id, fourth.Id], fifth.CollidesWith);
        Assert.Equal(await StoredAsync(paragraph.Id), await KeptAsync(document.Id, paragraph.Id));
        Assert.Equal(new[] { third.Id, fourth.Id, fifth.Id }.Order(), await KeptAsync(document.Id, paragraph.Id));
    }

    [Fact]
    public async Task A_proposal_the_database_refuses_is_never_kept_and_its_batch_mates_are()
    {
        factory.CreateClient();
        if (!Pending.Enabled)
        {
            return;
        }

        var document = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall cooperate." });
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[0];
        // Loaded before the batch, so that what the batch commits is followed in memory, not read back.
        await spain.ProposeAsync(document.Id, Replace(paragraph.Id, 1, "shall", "before"));
        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        HttpResponseMessage[] answers;
        await using (await factory.RefuseAmendmentTextAsync("refuse me"))
        {
            var line = await GroupCommitTests.Line.HoldAsync(committer, committer.QueueFor(document.Id));
            foreach (var text in new[] { "first", "refuse me", "third" })
            {
                await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(paragraph.Id, 1, "shall", text))));
            }

            answers = await line.ReleaseAsync(batchMayFail: true);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.InternalServerError, HttpStatusCode.Created], answers.Select(a => a.StatusCode));
        var kept = await KeptAsync(document.Id, paragraph.Id);
        Assert.Equal(3, kept.Count);
        Assert.Equal(await StoredAsync(paragraph.Id), kept);
    }

    [Fact]
    public async Task Collisions_found_in_memory_are_the_collision_querys_answer_for_every_kind_and_version()
    {
        factory.CreateClient();
        if (!Pending.Enabled)
        {
            return;
        }

        var document = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "States shall cooperate in good faith and report annually on progress made." },
            new { kind = "paragraph", label = "2", text = "Second paragraph." });
        await factory.EnsureDelegationAsync("ESP");
        await factory.EnsureDelegationAsync("MEX");
        var spain = await factory.ClientForAsync("ESP");
        var mexico = await factory.ClientForAsync("MEX");
        var paragraph = document.Blocks[0];
        var ids = new List<Guid>();
        async Task ProposeAsync(HttpClient client, object body) => ids.Add((await client.ProposeAsync(document.Id, body)).Id);

        // Version 1: spans that overlap and spans that do not, inserts, whole-paragraph changes and a new paragraph after it.
        await ProposeAsync(spain, Replace(paragraph.Id, 1, "shall", "should"));
        await ProposeAsync(mexico, Replace(paragraph.Id, 1, "shall cooperate", "cooperate"));
        await ProposeAsync(spain, new { kind = "delete", blockId = paragraph.Id, baseVersion = 1, quote = " in good faith" });
        await ProposeAsync(mexico, new { kind = "insert", blockId = paragraph.Id, baseVersion = 1, anchor = "annually", placement = "after", text = " in writing" });
        await ProposeAsync(spain, Replace(paragraph.Id, 1, "report annually", "report"));
        await ProposeAsync(mexico, new { kind = "replaceParagraph", blockId = paragraph.Id, baseVersion = 1, text = "New text." });
        await ProposeAsync(spain, new { kind = "addParagraph", blockId = paragraph.Id, baseVersion = 1, text = "A new paragraph." });
        await ProposeAsync(mexico, new { kind = "addParagraph", blockId = paragraph.Id, baseVersion = 1, text = "Another new paragraph." });
        Assert.Equal(HttpStatusCode.OK, (await spain.PostAsync($"/api/documents/{document.Id}/amendments/{ids[2]}/withdraw", null)).StatusCode);

        // Version 2: the words move and some disappear; the older amendments are re-anchored, the newer compared by span.
        Assert.Equal(HttpStatusCode.OK, (await Chair.PutAsync($"/api/documents/{document.Id}/blocks/{paragraph.Id}",
            JsonBody(new { text = "Member States shall cooperate and report annually on progress.", expectedVersion = 1 }))).StatusCode);
        await ProposeAsync(mexico, Replace(paragraph.Id, 2, "Member States", "States"));
        await ProposeAsync(spain, Replace(paragraph.Id, 2, "annually", "every two years"));
        await ProposeAsync(mexico, new { kind = "deleteParagraph", blockId = paragraph.Id, baseVersion = 2 });
        await ProposeAsync(spain, new { kind = "insert", blockId = paragraph.Id, baseVersion = 2, anchor = "Member", placement = "before", text = "All " });

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var readers = scope.ServiceProvider.GetRequiredService<SqliteReaders>();
        // Kept by no one (as on PostgreSQL, where several instances write): every answer queries the database.
        var queried = new PendingAmendments(new DraftingConnections(DatabaseProvider.Postgres, "Host=unused"), readers);
        var block = await db.Blocks.AsNoTracking().SingleAsync(b => b.Id == paragraph.Id);
        var amendments = await db.Amendments.AsNoTracking().Where(a => a.DocumentId == document.Id).ToListAsync();
        var together = factory.Services.GetRequiredService<CollisionCandidates>();
        var compared = 0;
        foreach (var amendment in amendments)
        {
            var fromMemory = await DescribeProposal.NearestAsync(db, readers, Pending, together, amendment, block, CancellationToken.None);
            var fromQuery = await DescribeProposal.NearestAsync(db, readers, queried, together, amendment, block, CancellationToken.None);
            Assert.Equal(fromQuery.Ids, fromMemory.Ids);
            Assert.Equal(fromQuery.More, fromMemory.More);
            compared += fromQuery.Ids.Count;
        }

        // Not a vacuous comparison: most of them collide with something.
        Assert.True(compared >= 15, $"only {compared} collisions compared");
    }
}

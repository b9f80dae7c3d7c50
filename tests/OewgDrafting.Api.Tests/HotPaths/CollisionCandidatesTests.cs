using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.HotPaths;

/// <summary>
/// On PostgreSQL the proposals being answered ask for their collision candidates together, one statement for all that
/// wait (<see cref="CollisionCandidates"/>): each must get exactly its own.
/// </summary>
public class CollisionCandidatesTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    private static object Replace(Guid blockId, string quote, string text) => new { kind = "replace", blockId, baseVersion = 1, quote, text };

    [Fact]
    public async Task Proposals_answered_by_one_statement_each_get_the_collisions_of_their_own_paragraph()
    {
        factory.CreateClient();
        if (factory.Services.GetRequiredService<DraftingConnections>().SingleWriter)
        {
            return; // SQLite answers from the pending amendments kept in memory (PendingAmendmentsTests).
        }

        var document = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "States shall cooperate closely." },
            new { kind = "paragraph", label = "2", text = "States shall cooperate again." },
            new { kind = "paragraph", label = "3", text = "States shall report." });
        await factory.EnsureDelegationAsync("ESP");
        await factory.EnsureDelegationAsync("FRA");
        var spain = await factory.ClientForAsync("ESP");
        var france = await factory.ClientForAsync("FRA");
        var (p1, p2, p3) = (document.Blocks[0].Id, document.Blocks[1].Id, document.Blocks[2].Id);
        var a1 = await spain.ProposeAsync(document.Id, Replace(p1, "cooperate", "work"));
        var a2 = await spain.ProposeAsync(document.Id, Replace(p2, "cooperate", "work"));

        var candidates = factory.Services.GetRequiredService<CollisionCandidates>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        candidates.BeforeStatement = async _ =>
        {
            // The first statement waits until the test lets it go; the asks that come meanwhile wait for the next one.
            if (Interlocked.Exchange(ref held, 1) == 0)
            {
                await gate.Task;
            }
        };
        try
        {
            var (statements, answered) = (candidates.Statements, candidates.Answered);
            var x1 = france.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(p1, "cooperate closely", "act")));
            await WaitUntilAsync(() => Volatile.Read(ref held) == 1);
            var x2 = france.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(p2, "cooperate", "act")));
            var x3 = france.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(p3, "report", "act")));
            var x4 = spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(p1, "closely", "together")));
            await WaitUntilAsync(() => candidates.Waiting == 3);
            gate.SetResult();

            var answers = await Task.WhenAll(x1, x2, x3, x4);
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
            var (r1, r2, r3, r4) = (await answers[0].ReadAsync<AmendmentResponse>(), await answers[1].ReadAsync<AmendmentResponse>(),
                await answers[2].ReadAsync<AmendmentResponse>(), await answers[3].ReadAsync<AmendmentResponse>());
            // x1's statement ran once the others were committed: like any answer's query, it sees what is pending by then.
            Assert.Equal([a1.Id, r4.Id], r1.CollidesWith);
            Assert.Equal([a2.Id], r2.CollidesWith);
            Assert.Empty(r3.CollidesWith);
            // "closely" lies within "cooperate closely" (x1), not within "cooperate" (a1).
            Assert.Equal([r1.Id], r4.CollidesWith);
            // Two statements: x1's alone, then the three that waited for it.
            Assert.Equal((statements + 2, answered + 4), (candidates.Statements, candidates.Answered));
        }
        finally
        {
            candidates.BeforeStatement = null;
            gate.TrySetResult();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "Timed out waiting for the asks to line up.");
    }
}

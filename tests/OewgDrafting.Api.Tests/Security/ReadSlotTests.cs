using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests.Security;

/// <summary>One read at a time that does real work, and none waiting: the tightest bound a deployment could set.</summary>
public sealed class OneReadSlotFactory : DraftingApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:MaxConcurrentReads"] = "1",
        ["RateLimiting:MaxQueuedReads"] = "0",
    };
}

/// <summary>
/// Reads that query or render share a bounded number of slots per instance, so that a crowd of readers cannot crowd out
/// the writers; a read answered from memory takes none.
/// </summary>
public class ReadSlotTests(OneReadSlotFactory factory) : IClassFixture<OneReadSlotFactory>
{
    [Fact]
    public async Task While_every_slot_is_taken_reads_that_must_query_or_render_get_429_and_reads_from_memory_are_answered()
    {
        var chair = factory.ChairClient();
        var document = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall cooperate." });
        var text = await chair.GetAsync($"/api/documents/{document.Id}/text?format=markdown");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        var etag = text.Headers.ETag!.Tag;

        var slots = factory.Services.GetRequiredService<ReadSlots>();
        using (await slots.EnterAsync(new DefaultHttpContext()))
        {
            // Rendered once at this version: answered from memory, as is its revalidation.
            Assert.Equal(HttpStatusCode.OK, (await chair.GetAsync($"/api/documents/{document.Id}/text?format=markdown")).StatusCode);
            using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{document.Id}/text?format=markdown");
            revalidate.Headers.IfNoneMatch.ParseAdd(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await chair.SendAsync(revalidate)).StatusCode);

            // Not rendered yet (another format), and a list that always queries: no slot, so 429 with Retry-After.
            var render = await chair.GetAsync($"/api/documents/{document.Id}/text?format=plain");
            var problem = await render.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Contains("too many reads waiting", problem["detail"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(1), render.Headers.RetryAfter?.Delta);
            var list = await chair.GetAsync("/api/documents");
            await list.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.NotNull(list.Headers.RetryAfter);
        }

        Assert.Equal(HttpStatusCode.OK, (await chair.GetAsync($"/api/documents/{document.Id}/text?format=plain")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await chair.GetAsync("/api/documents")).StatusCode);
    }
}

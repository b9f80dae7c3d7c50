using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using OewgDrafting.Api.Features.Consensus;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Silence;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.MultiInstance;

/// <summary>Two API processes on one PostgreSQL database, as behind a load balancer.</summary>
public class MultiInstanceTests(ApiInstances instances) : IClassFixture<ApiInstances>
{
    private HttpClient A => instances.Clients[0];
    private HttpClient B => instances.Clients[1];

    private async Task<DocumentResponse> CreateOpenAsync(HttpClient client)
    {
        var created = await (await client.PostAsync("/api/documents", JsonBody(new
        {
            symbol = $"A/MI/{Guid.NewGuid():N}"[..20], title = "Shared", language = "en",
            blocks = new object[]
            {
                new { kind = "paragraph", label = "1", text = "States shall cooperate." },
                new { kind = "paragraph", label = "2", text = "Second paragraph." },
            },
        }))).ReadAsync<DocumentResponse>();
        await client.PostAsync($"/api/documents/{created.Id}/open", null);
        return await (await client.GetAsync($"/api/documents/{created.Id}")).ReadAsync<DocumentResponse>();
    }

    [PostgresFact]
    public async Task A_write_on_one_instance_is_visible_on_the_other()
    {
        var document = await CreateOpenAsync(A);

        await A.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[0].Id}", JsonBody(new { text = "Written on A.", expectedVersion = 1 }));

        await WithinASecondAsync(async () =>
            (await (await B.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>()).Blocks[0].Text == "Written on A.",
            "Seeing the write on the other instance");
    }

    [PostgresFact]
    public async Task Concurrent_conflicting_writes_on_two_instances_split_into_one_success_and_one_conflict()
    {
        var document = await CreateOpenAsync(A);
        var url = $"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}";

        var results = await Task.WhenAll(
            A.PutAsync(url, JsonBody(new { text = "From A.", expectedVersion = 1 })),
            B.PutAsync(url, JsonBody(new { text = "From B.", expectedVersion = 1 })));

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
        var winner = results[0].StatusCode == HttpStatusCode.OK ? "From A." : "From B.";
        Assert.Equal(winner, (await (await B.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>()).Blocks[1].Text);
    }

    [PostgresFact]
    public async Task Event_sequences_stay_gap_free_and_ordered_under_concurrent_writers_on_both_instances()
    {
        var document = await CreateOpenAsync(A);
        var writes = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? A : B).PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = $"Concurrent {i}.", numbered = false })));

        var responses = await Task.WhenAll(writes);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var page = await (await B.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>();
        Assert.Equal(Enumerable.Range(1, 42).Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.Equal(42, page.LastSequence);
        Assert.Equal(42, (await (await A.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>()).Version);
    }

    [PostgresFact]
    public async Task A_server_sent_event_client_on_one_instance_receives_a_change_made_on_the_other_within_a_second()
    {
        var document = await CreateOpenAsync(A);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{document.Id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var stream = await B.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        while (!(await reader.ReadLineAsync(timeout.Token))!.StartsWith(": position", StringComparison.Ordinal))
        {
        }

        var clock = Stopwatch.StartNew();
        await A.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[0].Id}", JsonBody(new { text = "Changed on A.", expectedVersion = 1 }));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !line.StartsWith("event: ", StringComparison.Ordinal));

        Assert.Equal("event: blockEdited", line);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"The event took {clock.Elapsed.TotalMilliseconds:F0} ms to cross instances.");
    }

    /// <summary>Polls until <paramref name="done"/> holds or a second has passed; returns how long it took.</summary>
    private static async Task<TimeSpan> WithinASecondAsync(Func<Task<bool>> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"{what} took more than a second.");
            await Task.Delay(10);
        }

        return clock.Elapsed;
    }

    [PostgresFact]
    public async Task A_read_on_one_instance_after_a_write_on_the_other_sees_the_new_version_once_the_notification_arrives()
    {
        var document = await CreateOpenAsync(A);
        var text = await A.GetAsync($"/api/documents/{document.Id}/text?format=markdown");
        var consensusBefore = await (await A.GetAsync($"/api/documents/{document.Id}/consensus")).ReadAsync<Domain.Consensus.ConsensusPicture>();

        var edit = await B.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[0].Id}", JsonBody(new { text = "States [may] cooperate.", expectedVersion = 1 }));
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        // A serves from memory until B's NOTIFY reaches it: then the cached text and picture move on.
        await WithinASecondAsync(async () =>
        {
            var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{document.Id}/text?format=markdown");
            conditional.Headers.IfNoneMatch.Add(text.Headers.ETag!);
            var fresh = await A.SendAsync(conditional);
            return fresh.StatusCode == HttpStatusCode.OK
                && (await fresh.Content.ReadAsStringAsync()).Contains("1. States [may] cooperate.", StringComparison.Ordinal);
        }, "The new text on the other instance");
        var consensusAfter = await (await A.GetAsync($"/api/documents/{document.Id}/consensus")).ReadAsync<Domain.Consensus.ConsensusPicture>();
        Assert.Equal(0, consensusBefore.Totals.OpenBrackets);
        Assert.Equal(1, consensusAfter.Totals.OpenBrackets);
    }

    [PostgresFact]
    public async Task A_key_revoked_on_one_instance_is_refused_on_the_other_within_a_second()
    {
        var code = $"R{Guid.NewGuid():N}"[..6].ToUpperInvariant();
        Assert.True((await A.PostAsync("/api/delegations", JsonBody(new { code, name = code, kind = "memberState" }))).IsSuccessStatusCode);
        var issued = await (await A.PostAsync($"/api/delegations/{code}/keys", null)).ReadAsync<Features.Delegations.IssuedKeyResponse>();
        using var onB = new HttpClient { BaseAddress = B.BaseAddress };
        onB.DefaultRequestHeaders.Add("X-Api-Key", issued.Key);
        // B knows the key (in memory) before it is revoked on A.
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/documents")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await A.DeleteAsync($"/api/delegations/{code}/keys/{issued.Id}")).StatusCode);

        await WithinASecondAsync(async () => (await onB.GetAsync("/api/documents")).StatusCode == HttpStatusCode.Unauthorized,
            "Refusing the revoked key on the other instance");
    }

    [PostgresFact]
    public async Task A_stream_on_one_instance_whose_key_is_revoked_on_the_other_ends_within_a_second_without_another_event()
    {
        var document = await CreateOpenAsync(A);
        var code = $"S{Guid.NewGuid():N}"[..6].ToUpperInvariant();
        Assert.True((await A.PostAsync("/api/delegations", JsonBody(new { code, name = code, kind = "memberState" }))).IsSuccessStatusCode);
        var issued = await (await A.PostAsync($"/api/delegations/{code}/keys", null)).ReadAsync<Features.Delegations.IssuedKeyResponse>();
        using var onB = new HttpClient { BaseAddress = B.BaseAddress };
        onB.DefaultRequestHeaders.Add("X-Api-Key", issued.Key);
        await using var stream = await Security.EventStream.OpenAsync(onB, document.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await A.DeleteAsync($"/api/delegations/{code}/keys/{issued.Id}")).StatusCode);
        await A.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[0].Id}", JsonBody(new { text = "After the revocation.", expectedVersion = 1 }));

        Assert.DoesNotContain("event:", await stream.ReadToEndAsync(TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task The_silence_closer_runs_on_both_instances_and_closes_each_procedure_exactly_once()
    {
        var document = await CreateOpenAsync(A);
        var procedures = new List<SilenceResponse>();
        foreach (var client in new[] { A, B, A })
        {
            procedures.Add(await (await client.PostAsync($"/api/documents/{document.Id}/silence",
                JsonBody(new { deadline = DateTimeOffset.UtcNow.AddSeconds(3), blockIds = new[] { document.Blocks[0].Id } }))).ReadAsync<SilenceResponse>());
        }

        var until = DateTime.UtcNow.AddSeconds(20);
        List<SilenceResponse> now;
        do
        {
            await Task.Delay(250);
            now = await (await B.GetAsync($"/api/documents/{document.Id}/silence")).ReadAsync<List<SilenceResponse>>();
        }
        while (now.Any(p => p.Status == SilenceStatus.Running) && DateTime.UtcNow < until);

        Assert.All(now, p => Assert.Equal(SilenceStatus.Concluded, p.Status));
        var events = (await (await A.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>()).Events;
        Assert.Equal(3, events.Count(e => e.Type == "silenceConcluded"));
        Assert.Equal(procedures.Select(p => p.Id.ToString()).Order(), events.Where(e => e.Type == "silenceConcluded").Select(e => e.Touches[0]).Order());
    }
}

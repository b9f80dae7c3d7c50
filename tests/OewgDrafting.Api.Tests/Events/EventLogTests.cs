using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Events;

public class EventLogTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private async Task<EventPage> EventsAsync(Guid documentId, string query = "") =>
        await (await _chair.GetAsync($"/api/documents/{documentId}/events{query}")).ReadAsync<EventPage>();

    [Fact]
    public async Task Every_write_appends_exactly_its_event_with_the_next_sequence_the_actor_and_before_and_after()
    {
        var document = await factory.CreateDraftAsync();
        var p1 = document.Blocks[1];
        factory.Clock.Advance(TimeSpan.FromMinutes(5));

        var added = await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "Added.", afterBlockId = p1.Id }))).ReadAsync<BlockResponse>();
        await _chair.PutAsync($"/api/documents/{document.Id}/blocks/{p1.Id}", JsonBody(new { text = "Edited.", expectedVersion = 1 }));
        await _chair.DeleteAsync($"/api/documents/{document.Id}/blocks/{added.Id}?expectedVersion=1");

        var page = await EventsAsync(document.Id);

        Assert.Equal(["documentCreated", "blockAdded", "blockEdited", "blockDeleted"], page.Events.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4], page.Events.Select(e => e.Sequence));
        Assert.All(page.Events, e => Assert.Equal("CHAIR", e.Actor));
        Assert.Equal(4, page.LastSequence);
        Assert.Equal(4, (await (await _chair.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>()).Version);
        Assert.Equal(factory.Clock.GetUtcNow(), page.Events[1].OccurredAt);

        var edited = page.Events[2];
        Assert.Equal([p1.Id.ToString()], edited.Touches);
        Assert.Equal("States [shall / should] cooperate.", edited.Data.GetProperty("before").GetProperty("text").GetString());
        Assert.Equal("Edited.", edited.Data.GetProperty("after").GetProperty("text").GetString());
        Assert.Equal(2, edited.Data.GetProperty("after").GetProperty("version").GetInt32());
        Assert.Equal("Added.", page.Events[3].Data.GetProperty("before").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Imports_are_logged_as_documentImported()
    {
        var response = await _chair.PostAsync("/api/documents/import?symbol=A/AC.292/2025/L.1", TextBody(Fixtures.Seed));
        var document = await response.ReadAsync<DocumentResponse>();

        var imported = Assert.Single((await EventsAsync(document.Id)).Events);
        Assert.Equal("documentImported", imported.Type);
        Assert.Equal(30, imported.Data.GetProperty("blocks").GetInt32());
    }

    [Fact]
    public async Task A_failed_or_refused_write_appends_no_event()
    {
        var document = await factory.CreateDraftAsync();
        var url = $"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}";

        await _chair.PutAsync(url, JsonBody(new { text = "[unbalanced", expectedVersion = 1 }));
        await _chair.PutAsync(url, JsonBody(new { text = "Stale.", expectedVersion = 9 }));
        await _chair.PutAsync(url, JsonBody(new { text = "No version." }));
        await (await factory.ClientForAsync("ESP")).PutAsync(url, JsonBody(new { text = "Not the chair.", expectedVersion = 1 }));

        var page = await EventsAsync(document.Id);
        Assert.Single(page.Events);
        Assert.Equal(1, page.LastSequence);
    }

    [Fact]
    public async Task Events_page_in_order_after_a_sequence()
    {
        var document = await factory.CreateDraftAsync();
        for (var i = 0; i < 5; i++)
        {
            await _chair.PostAsync($"/api/documents/{document.Id}/blocks", JsonBody(new { kind = "paragraph", text = $"P{i}." }));
        }

        var first = await EventsAsync(document.Id, "?limit=2");
        var second = await EventsAsync(document.Id, $"?after={first.Events[^1].Sequence}&limit=2");
        var rest = await EventsAsync(document.Id, "?after=4");

        Assert.Equal([1L, 2], first.Events.Select(e => e.Sequence));
        Assert.True(first.HasMore);
        Assert.Equal([3L, 4], second.Events.Select(e => e.Sequence));
        Assert.Equal([5L, 6], rest.Events.Select(e => e.Sequence));
        Assert.False(rest.HasMore);
        await (await _chair.GetAsync($"/api/documents/{document.Id}/events?limit=0")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.GetAsync($"/api/documents/{document.Id}/events?after=-1")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.GetAsync($"/api/documents/{document.Id}/events?after=x")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _chair.GetAsync($"/api/documents/{Guid.NewGuid()}/events")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Server_sent_events_deliver_a_new_event_to_a_connected_client_and_resume_after_Last_Event_ID()
    {
        var document = await factory.CreateDraftAsync();
        var observer = await factory.ClientForAsync("ICRC");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{document.Id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await observer.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        await ReadUntilAsync(reader, line => line.StartsWith(": position", StringComparison.Ordinal), timeout.Token);

        // A change made now reaches the connected client.
        await _chair.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}", JsonBody(new { text = "Live.", expectedVersion = 1 }));
        var live = await ReadEventAsync(reader, timeout.Token);
        Assert.Equal(("2", "blockEdited"), (live.Id, live.Type));
        Assert.Equal("Live.", JsonDocument.Parse(live.Data).RootElement.GetProperty("data").GetProperty("after").GetProperty("text").GetString());

        // Two more changes while the client is away; it reconnects with Last-Event-ID and gets exactly those.
        await _chair.PostAsync($"/api/documents/{document.Id}/blocks", JsonBody(new { kind = "paragraph", text = "Third." }));
        await _chair.PostAsync($"/api/documents/{document.Id}/blocks", JsonBody(new { kind = "paragraph", text = "Fourth." }));
        var resume = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{document.Id}/events");
        resume.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        resume.Headers.Add("Last-Event-ID", "2");
        using var resumed = await observer.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var resumedReader = new StreamReader(await resumed.Content.ReadAsStreamAsync(timeout.Token));

        var third = await ReadEventAsync(resumedReader, timeout.Token);
        var fourth = await ReadEventAsync(resumedReader, timeout.Token);
        Assert.Equal(["3", "4"], new[] { third.Id, fourth.Id });
        Assert.Equal("blockAdded", fourth.Type);
    }

    [Fact]
    public async Task The_clean_text_carries_an_ETag_and_If_None_Match_gets_304_until_the_document_changes()
    {
        var document = await factory.CreateDraftAsync();
        var url = $"/api/documents/{document.Id}/text?format=markdown";

        var first = await _chair.GetAsync(url);
        var etag = first.Headers.ETag!;
        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await _chair.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        var json = await _chair.GetAsync($"/api/documents/{document.Id}/text?format=json");
        Assert.NotEqual(etag, json.Headers.ETag); // each format has its own tag

        await _chair.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}", JsonBody(new { text = "Changed.", expectedVersion = 1 }));
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        var changed = await _chair.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("1. Changed.", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var meta = await _chair.GetAsync($"/api/documents/{document.Id}");
        var metaConditional = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{document.Id}");
        metaConditional.Headers.IfNoneMatch.Add(meta.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _chair.SendAsync(metaConditional)).StatusCode);
    }

    private sealed record ServerEvent(string Id, string Type, string Data);

    private static async Task<ServerEvent> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? id = null, type = null, data = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException();
            if (line.Length == 0 && id is not null)
            {
                return new ServerEvent(id, type!, data!);
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
    }

    private static async Task ReadUntilAsync(StreamReader reader, Func<string, bool> predicate, CancellationToken cancellationToken)
    {
        while (!predicate(await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException()))
        {
        }
    }
}

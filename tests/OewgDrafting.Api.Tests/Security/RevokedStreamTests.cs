using System.Diagnostics;
using System.Net;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Security;

/// <summary>Revocation is at once, for open event streams too: a stolen key that is revoked stops reading.</summary>
public class RevokedStreamTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    [Fact]
    public async Task A_stream_whose_key_is_revoked_receives_no_further_event_and_is_closed_within_a_second()
    {
        var document = await factory.CreateOpenAsync();
        var issued = await IssueAsync("FRA");
        await using var stream = await EventStream.OpenAsync(factory.ClientWithKey(issued.Key), document.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await _chair.DeleteAsync($"/api/delegations/FRA/keys/{issued.Id}")).StatusCode);
        await _chair.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}", JsonBody(new { text = "After the revocation.", expectedVersion = 1 }));

        var after = await stream.ReadToEndAsync(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("event:", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_of_a_delegation_that_is_deactivated_receives_no_further_event_and_is_closed_within_a_second()
    {
        await factory.EnsureDelegationAsync("OBSV", "observer");
        var document = await factory.CreateOpenAsync();
        var issued = await IssueAsync("OBSV");
        await using var stream = await EventStream.OpenAsync(factory.ClientWithKey(issued.Key), document.Id);

        Assert.Equal(HttpStatusCode.OK, (await _chair.PatchAsync("/api/delegations/OBSV", JsonBody(new { active = false }))).StatusCode);
        var esp = await factory.ClientForAsync("ESP");
        await esp.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}/positions/ESP", JsonBody(new { stance = "support" }));

        var after = await stream.ReadToEndAsync(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("event:", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_second_chair_key_stops_receiving_chair_only_comments()
    {
        var document = await factory.CreateOpenAsync();
        var second = await IssueAsync("CHAIR");
        await using var stream = await EventStream.OpenAsync(factory.ClientWithKey(second.Key), document.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await _chair.DeleteAsync($"/api/delegations/CHAIR/keys/{second.Id}")).StatusCode);
        var esp = await factory.ClientForAsync("ESP");
        Assert.Equal(HttpStatusCode.Created, (await esp.PostAsync($"/api/documents/{document.Id}/comments",
            JsonBody(new { blockId = document.Blocks[1].Id, text = "For the chair's eyes only.", visibility = "chair" }))).StatusCode);

        var after = await stream.ReadToEndAsync(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain("For the chair's eyes only.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("event:", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_whose_key_stays_valid_goes_on_through_changes_to_other_keys()
    {
        var document = await factory.CreateOpenAsync();
        var kept = await IssueAsync("MEX");
        var other = await IssueAsync("MEX");
        await using var stream = await EventStream.OpenAsync(factory.ClientWithKey(kept.Key), document.Id);

        Assert.Equal(HttpStatusCode.NoContent, (await _chair.DeleteAsync($"/api/delegations/MEX/keys/{other.Id}")).StatusCode);
        await _chair.PutAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[1].Id}", JsonBody(new { text = "Still streamed.", expectedVersion = 1 }));

        Assert.Equal("blockEdited", await stream.NextEventTypeAsync(TimeSpan.FromSeconds(10)));
    }

    private async Task<IssuedKeyResponse> IssueAsync(string code)
    {
        await factory.EnsureDelegationAsync(code);
        return await (await _chair.PostAsync($"/api/delegations/{code}/keys", null)).ReadAsync<IssuedKeyResponse>();
    }
}

/// <summary>A server-sent-event stream of a document, read line by line.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    /// <summary>Opens the stream and waits until the server has said where it starts.</summary>
    public static async Task<EventStream> OpenAsync(HttpClient client, Guid documentId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{documentId}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        while (!(await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException()).StartsWith(": position", StringComparison.Ordinal))
        {
        }

        return new EventStream(response, reader);
    }

    /// <summary>What the stream sends until the server closes it; fails if it is still open after <paramref name="within"/>.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(within);
        var seen = new System.Text.StringBuilder();
        try
        {
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.AppendLine(line);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The stream was still open after {clock.Elapsed.TotalMilliseconds:F0} ms; it sent:\n{seen}");
        }

        return seen.ToString();
    }

    public async Task<string> NextEventTypeAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                return line[7..];
            }
        }

        throw new EndOfStreamException("The stream closed before an event.");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Webhooks;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Webhooks;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Webhooks;

/// <summary>At least once across a crash: the published server, killed with SIGKILL while the receiver is down, restarted.</summary>
public sealed class WebhookCrashTests : IDisposable
{
    private const string ChairKey = "webhook-crash-chair-key-0123456789abcdef";
    private readonly ProcessDatabase _database = new("webhooks");

    public void Dispose() => _database.Dispose();

    private Task<ServerProcess> StartAsync()
    {
        var settings = new Dictionary<string, string>(_database.Settings)
        {
            ["Auth__ChairApiKey"] = ChairKey,
            ["Webhooks__AllowedHosts__0"] = "127.0.0.1",
            ["Webhooks__PollInterval"] = "00:00:00.1",
            // On PostgreSQL the killed process may die holding a subscription's lease: the restarted one waits it out.
            ["Webhooks__Lease"] = "00:00:02",
        };
        // Quick retries, enough of them for a minute: the receiver stays down while the server is killed and restarted.
        for (var i = 0; i < 60; i++)
        {
            settings[$"Webhooks__RetrySchedule__{i}"] = i < 2 ? "00:00:00.2" : "00:00:01";
        }

        return ServerProcess.StartAsync(settings, ChairKey);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_receiver_that_is_down_while_the_API_is_killed_and_restarted_still_receives_every_event_afterwards()
    {
        var port = FreePort();
        var server = await StartAsync();
        try
        {
            var chair = server.Client;
            var imported = await (await chair.PostAsync("/api/documents/import?symbol=A/AC.9/L.1&language=en",
                TextBody("Body\n\nTitle\n\nI. Heading\n\n1. States should cooperate.\n\n2. States should consult.\n"))).ReadAsync<DocumentResponse>();
            await (await chair.PostAsync($"/api/documents/{imported.Id}/open", null)).AssertSuccessAsync();
            await (await chair.PostAsync("/api/delegations", JsonBody(new { code = "ESP", name = "España", kind = "memberState" }))).AssertSuccessAsync();
            var key = (await (await chair.PostAsync("/api/delegations/ESP/keys", null)).ReadAsync<IssuedKeyResponse>()).Key;
            var esp = new HttpClient { BaseAddress = chair.BaseAddress };
            esp.DefaultRequestHeaders.Add("X-Api-Key", key);
            var subscription = await (await esp.PostAsync("/api/webhooks", JsonBody(new { url = $"http://127.0.0.1:{port}/hook", documentId = imported.Id })))
                .ReadAsync<WebhookSecretResponse>();
            var document = await (await chair.GetAsync($"/api/documents/{imported.Id}")).ReadAsync<DocumentResponse>();
            var from = document.Version;

            // The receiver is down: nothing can be delivered; the API is killed in the middle of its retries.
            foreach (var block in document.Blocks.Where(b => b.Kind == Domain.Documents.BlockKind.Paragraph))
            {
                await (await chair.PostAsync($"/api/documents/{imported.Id}/blocks/{block.Id}/agree", null)).AssertSuccessAsync();
            }

            await Task.Delay(500);
            await server.KillAsync();
            await server.DisposeAsync();
            server = await StartAsync();
            await using var receiver = await WebhookReceiver.StartAsync(port);
            foreach (var block in document.Blocks.Where(b => b.Kind == Domain.Documents.BlockKind.Paragraph))
            {
                await (await server.Client.PostAsync($"/api/documents/{imported.Id}/blocks/{block.Id}/reopen", null)).AssertSuccessAsync();
            }

            var to = (await (await server.Client.GetAsync($"/api/documents/{imported.Id}")).ReadAsync<DocumentResponse>()).Version;
            var received = await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() >= to - from);
            var sequences = received.DistinctBy(r => r.Id).Select(r => r.Json["sequence"]!.GetValue<long>()).ToList();
            Assert.Equal(Enumerable.Range((int)from + 1, (int)(to - from)).Select(i => (long)i), sequences);
            Assert.All(received, r => Assert.True(WebhookSignature.Verify(subscription.Secret, r.Id, r.Timestamp, r.Body, r.Signature)));
            Assert.Equal(["blockAgreed", "blockAgreed", "blockReopened", "blockReopened"],
                received.DistinctBy(r => r.Id).Select(r => r.Json["type"]!.GetValue<string>()));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

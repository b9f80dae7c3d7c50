using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Webhooks;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Api.Tests.Webhooks;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.MultiInstance;

/// <summary>Webhooks from two API processes on one PostgreSQL database: one instance delivers a subscription at a time.</summary>
public sealed class WebhookInstancesTests : IAsyncLifetime
{
    private const string ChairKey = "webhook-instances-chair-key-0123456789abcdef";
    private readonly List<ServerProcess> _servers = [];
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        if (!DraftingApiFactory.OnPostgres)
        {
            return;
        }

        _connectionString = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("OEWG_TEST_POSTGRES"))
        {
            Database = $"oewgtest_hooks_{Guid.NewGuid():N}",
        }.ConnectionString;
        for (var i = 0; i < 2; i++)
        {
            _servers.Add(await ServerProcess.StartAsync(new Dictionary<string, string>
            {
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Drafting"] = _connectionString,
                ["Auth__ChairApiKey"] = ChairKey,
                ["Webhooks__AllowedHosts__0"] = "127.0.0.1",
                ["Webhooks__PollInterval"] = "00:00:00.1",
                ["Webhooks__Lease"] = "00:00:02",
            }, ChairKey));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (_connectionString.Length > 0)
        {
            DraftingApiFactory.DropPostgresDatabase(_connectionString);
        }
    }

    [PostgresFact]
    public async Task With_two_instances_each_event_is_delivered_once_and_deliveries_go_on_when_an_instance_dies()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (a, b) = (_servers[0].Client, _servers[1].Client);
        var created = await (await a.PostAsync("/api/documents", JsonBody(new
        {
            symbol = $"A/WH/{Guid.NewGuid():N}"[..20], title = "Shared", language = "en",
            blocks = new object[]
            {
                new { kind = "paragraph", label = "1", text = "States shall cooperate." },
                new { kind = "paragraph", label = "2", text = "Second paragraph." },
            },
        }))).ReadAsync<DocumentResponse>();
        await (await a.PostAsync($"/api/documents/{created.Id}/open", null)).AssertSuccessAsync();
        await (await a.PostAsync("/api/delegations", JsonBody(new { code = "ESP", name = "España", kind = "memberState" }))).AssertSuccessAsync();
        var key = (await (await a.PostAsync("/api/delegations/ESP/keys", null)).ReadAsync<IssuedKeyResponse>()).Key;
        var esp = new HttpClient { BaseAddress = b.BaseAddress };
        esp.DefaultRequestHeaders.Add("X-Api-Key", key);
        await (await esp.PostAsync("/api/webhooks", JsonBody(new { url = receiver.Url, documentId = created.Id }))).AssertSuccessAsync();
        var start = (await (await a.GetAsync($"/api/documents/{created.Id}")).ReadAsync<DocumentResponse>()).Version;

        // Writes on both instances; both instances' dispatchers are awake.
        for (var i = 0; i < 5; i++)
        {
            var client = i % 2 == 0 ? a : b;
            await (await client.PostAsync($"/api/documents/{created.Id}/blocks/{created.Blocks[0].Id}/agree", null)).AssertSuccessAsync();
            await (await client.PostAsync($"/api/documents/{created.Id}/blocks/{created.Blocks[0].Id}/reopen", null)).AssertSuccessAsync();
        }

        var first = await receiver.WaitForAsync(r => r.Count >= 10);
        await Task.Delay(500);
        Assert.Equal(10, receiver.Requests.Count);
        Assert.Equal(Enumerable.Range((int)start + 1, 10).Select(i => (long)i), first.Select(r => r.Json["sequence"]!.GetValue<long>()));

        // One instance dies (whichever held the lease, it lapses): the other delivers what follows.
        await _servers[0].KillAsync();
        for (var i = 0; i < 3; i++)
        {
            await (await b.PostAsync($"/api/documents/{created.Id}/blocks/{created.Blocks[1].Id}/agree", null)).AssertSuccessAsync();
            await (await b.PostAsync($"/api/documents/{created.Id}/blocks/{created.Blocks[1].Id}/reopen", null)).AssertSuccessAsync();
        }

        var all = await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() >= 16);
        Assert.Equal(Enumerable.Range((int)start + 1, 16).Select(i => (long)i),
            all.DistinctBy(r => r.Id).Select(r => r.Json["sequence"]!.GetValue<long>()));
    }
}

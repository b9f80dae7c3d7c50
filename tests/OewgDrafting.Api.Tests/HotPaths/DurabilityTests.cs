using System.Net;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.HotPaths;

/// <summary>Acknowledged means durable: the server is killed (SIGKILL) straight after answering, restarted, and read.</summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    private const string ChairKey = "durability-chair-key-0123456789abcdef";
    private readonly string _file = Path.Combine(Path.GetTempPath(), "oewgdrafting-tests", $"durability-{Guid.NewGuid():N}.db");
    private string _connectionString = string.Empty;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        _connectionString = DraftingApiFactory.OnPostgres
            ? new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("OEWG_TEST_POSTGRES"))
            {
                Database = $"oewgtest_durability_{Guid.NewGuid():N}",
            }.ConnectionString
            : $"Data Source={_file}";
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (DraftingApiFactory.OnPostgres)
        {
            DraftingApiFactory.DropPostgresDatabase(_connectionString);
        }
        else
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_file + suffix);
            }
        }

        return Task.CompletedTask;
    }

    private Task<ServerProcess> StartAsync() => ServerProcess.StartAsync(new Dictionary<string, string>
    {
        ["Database__Provider"] = DraftingApiFactory.OnPostgres ? "Postgres" : "Sqlite",
        ["ConnectionStrings__Drafting"] = _connectionString,
        ["Auth__ChairApiKey"] = ChairKey,
    }, ChairKey);

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_straight_after_its_answer()
    {
        var server = await StartAsync();
        try
        {
            var chair = server.Client;
            Assert.True((await chair.PostAsync("/api/delegations", JsonBody(new { code = "ESP", name = "España", kind = "memberState" }))).IsSuccessStatusCode);
            var key = (await (await chair.PostAsync("/api/delegations/ESP/keys", null)).ReadAsync<IssuedKeyResponse>()).Key;
            var document = await (await chair.PostAsync("/api/documents", JsonBody(new
            {
                symbol = "A/KILL/1", title = "Durable", language = "en",
                blocks = new[] { new { kind = "paragraph", label = "1", text = "States shall cooperate in good faith." } },
            }))).ReadAsync<DocumentResponse>();
            Assert.True((await chair.PostAsync($"/api/documents/{document.Id}/open", null)).IsSuccessStatusCode);

            var acknowledged = new List<AmendmentResponse>();
            for (var cycle = 0; cycle < 3; cycle++)
            {
                using var spain = new HttpClient { BaseAddress = server.Client.BaseAddress };
                spain.DefaultRequestHeaders.Add("X-Api-Key", key);
                // A burst of writers, so that answers come out of shared batches; the kill follows the last answer at once.
                var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => spain.PostAsync($"/api/documents/{document.Id}/amendments",
                    JsonBody(new { kind = "replace", blockId = document.Blocks[0].Id, baseVersion = 1, quote = "good faith", text = $"cycle {cycle} writer {i}" }))));
                await server.KillAsync();
                foreach (var answer in answers)
                {
                    Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
                    acknowledged.Add(await answer.ReadAsync<AmendmentResponse>());
                }

                await server.DisposeAsync();
                server = await StartAsync();
            }

            var stored = await (await server.Client.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<AmendmentResponse>>();
            Assert.Equal(acknowledged.Select(a => (a.Id, a.Text)).OrderBy(a => a.Id), stored.Select(a => (a.Id, a.Text)).OrderBy(a => a.Id));
            Assert.Equal(Enumerable.Range(1, acknowledged.Count), stored.Select(a => a.Number).Order());
            var events = await (await server.Client.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>();
            Assert.Equal(Enumerable.Range(1, (int)events.LastSequence).Select(i => (long)i), events.Events.Select(e => e.Sequence));
            Assert.Equal(acknowledged.Count, events.Events.Count(e => e.Type == "amendmentProposed"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}

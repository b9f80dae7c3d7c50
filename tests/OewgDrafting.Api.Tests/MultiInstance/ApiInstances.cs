using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests.MultiInstance;

/// <summary>
/// Two real API processes (not in-memory hosts) on different loopback ports, sharing one PostgreSQL
/// database, as a deployment behind a load balancer runs them.
/// </summary>
public sealed class ApiInstances : IAsyncLifetime
{
    public const string ChairKey = "multi-instance-chair-key-0123456789abcdef";

    private readonly List<ServerProcess> _servers = [];
    private string _connectionString = string.Empty;

    public List<HttpClient> Clients { get; } = [];

    public string ConnectionString => _connectionString;

    public async Task InitializeAsync()
    {
        if (!DraftingApiFactory.OnPostgres)
        {
            return;
        }

        _connectionString = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("OEWG_TEST_POSTGRES"))
        {
            Database = $"oewgtest_multi_{Guid.NewGuid():N}",
        }.ConnectionString;

        // The first instance migrates the database; the second starts once it is there.
        for (var i = 0; i < 2; i++)
        {
            var server = await ServerProcess.StartAsync(new Dictionary<string, string>
            {
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Drafting"] = _connectionString,
                ["Auth__ChairApiKey"] = ChairKey,
                ["Silence__MinimumDuration"] = "00:00:02",
                ["Silence__PollInterval"] = "00:00:00.200",
            }, ChairKey);
            _servers.Add(server);
            Clients.Add(server.Client);
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
}

using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Infrastructure.Auth;

namespace OewgDrafting.Api.Tests.Infrastructure;

/// <summary>
/// The real application over its own SQLite file, created by the migrations as in production.
/// Each factory (one per test class) gets a fresh database, a fake clock, a known chair key, and
/// captures every log line and everything printed for the operator.
/// </summary>
public class DraftingApiFactory : WebApplicationFactory<Program>
{
    public const string ChairKey = "test-chair-key-0123456789abcdefghijklmnop";

    private string? _databasePath;

    /// <summary>The SQLite file; a test that restarts the server gives the next factory the same path.</summary>
    public string DatabasePath
    {
        get => _databasePath ??= Path.Combine(Path.GetTempPath(), "oewgdrafting-tests", $"{Guid.NewGuid():N}.db");
        init => _databasePath = value;
    }

    /// <summary>Keep the database file when this factory is disposed (for a restart).</summary>
    public bool KeepDatabase { get; init; }
    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.OrdinalIgnoreCase);

    public FakeTimeProvider Clock { get; init; } = new(new DateTimeOffset(2025, 7, 7, 10, 0, 0, TimeSpan.Zero));

    public CapturingLoggerProvider Logs { get; } = new();

    public StringWriter Console { get; } = new();

    /// <summary>Loads the demo delegations and document at start (as a newcomer's first run does).</summary>
    protected virtual bool SeedDemo => true;

    /// <summary>Null: let the server generate and print the chair's key.</summary>
    protected virtual string? ConfiguredChairKey => ChairKey;

    protected virtual string Environment => "Testing";

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>
    /// The API tests run on SQLite by default; with OEWG_TEST_PROVIDER=Postgres (and OEWG_TEST_POSTGRES, a connection
    /// string to a server) each factory gets its own PostgreSQL database instead.
    /// </summary>
    public static bool OnPostgres => string.Equals(System.Environment.GetEnvironmentVariable("OEWG_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public string ConnectionString => OnPostgres
        ? new Npgsql.NpgsqlConnectionStringBuilder(System.Environment.GetEnvironmentVariable("OEWG_TEST_POSTGRES")
            ?? throw new InvalidOperationException("OEWG_TEST_PROVIDER=Postgres needs OEWG_TEST_POSTGRES, a connection string to the server."))
        {
            Database = "oewgtest_" + Path.GetFileNameWithoutExtension(DatabasePath),
        }.ConnectionString
        : $"Data Source={DatabasePath}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Database:Provider", OnPostgres ? "Postgres" : "Sqlite");
        builder.UseSetting("ConnectionStrings:Drafting", ConnectionString);
        builder.UseSetting("Demo:Seed", SeedDemo ? "true" : "false");
        builder.UseSetting("Auth:ChairApiKey", ConfiguredChairKey ?? string.Empty);
        builder.UseSetting("RateLimiting:PermitsPerSecond", "100000");
        builder.UseSetting("RateLimiting:Burst", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<KeyConsole>();
            services.AddSingleton(new KeyConsole(TextWriter.Synchronized(Console)));
            // Every response of the suite is held against the API description.
            services.AddSingleton<IStartupFilter, ContractValidationStartupFilter>();
        });
    }

    /// <summary>
    /// The host is started while the server still prepares its database (see <see cref="Api.Infrastructure.Http.StartupGate"/>);
    /// tests may read the database directly, so the factory is ready only once that preparation is done (or throws its error).
    /// </summary>
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        host.Services.GetRequiredService<Api.Infrastructure.Http.StartupGate>().Ready.GetAwaiter().GetResult();
        return host;
    }

    /// <summary>A client carrying the chair's key.</summary>
    /// <summary>
    /// Waits until the host reports ready: on PostgreSQL the notifier's LISTEN connection is up, and the cache
    /// clearing that follows it has happened, so a test of what is cached starts from a settled state.
    /// </summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The host did not become ready within ten seconds.");
    }

    public HttpClient ChairClient() => ClientWithKey(ChairKey);

    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A client for a registered delegation, with a key the chair issued to it (once per factory).</summary>
    public async Task<HttpClient> ClientForAsync(string code) => ClientWithKey(await KeyForAsync(code));

    public async Task<string> KeyForAsync(string code)
    {
        if (_keys.TryGetValue(code, out var key))
        {
            return key;
        }

        var response = await ChairClient().PostAsync($"/api/delegations/{code}/keys", null);
        var issued = await response.ReadAsync<IssuedKeyResponse>();
        return _keys.GetOrAdd(code, issued.Key);
    }

    /// <summary>Registers a delegation (as the chair) unless it exists.</summary>
    public async Task EnsureDelegationAsync(string code, string kind = "memberState", params string[] members)
    {
        var chair = ChairClient();
        if ((await chair.GetAsync($"/api/delegations/{code}")).IsSuccessStatusCode)
        {
            return;
        }

        var response = await chair.PostAsJsonAsync("/api/delegations", new { code, name = code, kind, members }, HttpExtensions.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static void DropPostgresDatabase(string connectionString)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        Npgsql.NpgsqlConnection.ClearAllPools();
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        using var connection = new Npgsql.NpgsqlConnection(admin.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{target.Database}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepDatabase && OnPostgres)
        {
            DropPostgresDatabase(ConnectionString);
            return;
        }

        if (disposing && !KeepDatabase)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try
                {
                    File.Delete(DatabasePath + suffix);
                }
                catch (IOException)
                {
                    // A leftover temp file is harmless.
                }
            }
        }
    }
}

public sealed class EmptyDatabaseFactory : DraftingApiFactory
{
    protected override bool SeedDemo => false;
}

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

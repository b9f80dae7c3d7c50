using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace OewgDrafting.Api.Tests.Infrastructure;

/// <summary>
/// The real application over its own SQLite file, created by the migrations as in production.
/// Each factory (one per test class) gets a fresh database and a fake clock.
/// </summary>
public class DraftingApiFactory : WebApplicationFactory<Program>
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "oewgdrafting-tests", $"{Guid.NewGuid():N}.db");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 7, 7, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Loads the demo document at start (as a newcomer's first run does).</summary>
    protected virtual bool SeedDemo => true;

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Drafting", $"Data Source={_databasePath}");
        builder.UseSetting("Demo:Seed", SeedDemo ? "true" : "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try
                {
                    File.Delete(_databasePath + suffix);
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

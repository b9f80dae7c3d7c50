using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OewgDrafting.Api.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class PersistenceSetup
{
    /// <summary>Health checks that say whether an instance may take traffic (/health/ready).</summary>
    public const string ReadyTag = "ready";

    public const string ConnectionStringName = "Drafting";
    public const string DefaultSqlite = "Data Source=data/oewgdrafting.db";

    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider is '{value}'; use Sqlite or Postgres.");
    }

    public static IServiceCollection AddDraftingPersistence(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        var provider = Provider(configuration);
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(configured) || configured.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("With Database:Provider=Postgres, set ConnectionStrings:Drafting to a PostgreSQL connection string.");
            }

            configured = DraftingConnections.WithAutoPrepare(configured);
            services.AddDbContextPool<PostgresDraftingDbContext>(options => options.UseNpgsql(configured));
            services.AddScoped<DraftingDbContext>(sp => sp.GetRequiredService<PostgresDraftingDbContext>());
            // Created by the container so that it is disposed with it (SQLite's writer connection closes).
            services.AddSingleton(_ => new DraftingConnections(provider, configured));
        }
        else
        {
            var connectionString = SqliteConnectionString(configured ?? DefaultSqlite, environment.ContentRootPath);
            // Pooled: a context and EF's services behind it are built once and reset between requests, not per request.
            // The search triggers call functions each connection registers as it opens.
            services.AddDbContextPool<SqliteDraftingDbContext>(options => options.UseSqlite(connectionString)
                .AddInterceptors(Search.SqliteSearchFunctions.Interceptor));
            services.AddScoped<DraftingDbContext>(sp => sp.GetRequiredService<SqliteDraftingDbContext>());
            services.AddSingleton(_ => new DraftingConnections(provider, connectionString));
            services.AddSingleton<WalCheckpointer>();
            services.AddHostedService(sp => sp.GetRequiredService<WalCheckpointer>());
        }

        services.Configure<GroupCommitOptions>(configuration.GetSection(GroupCommitOptions.Section));
        services.AddSingleton<GroupCommitter>();
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag]);
        if (provider == DatabaseProvider.Postgres)
        {
            checks.AddCheck<NotifierHealthCheck>("notifier", tags: [ReadyTag]);
        }

        return services;
    }

    /// <summary>A relative SQLite file is placed under the content root, and its folder is created.</summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.Combine(contentRoot, builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            builder.DataSource = path;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Creates or upgrades the schema with the provider's migrations (never EnsureCreated), then tunes SQLite.
    /// <c>Database:MigrateOnStart=false</c> leaves migration to the operator (dotnet ef migrations script).
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        // Migrating compares the model with the last migration's, which is slow; asking whether anything is pending is cheap.
        if (configuration.GetValue("Database:MigrateOnStart", true)
            && (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers carry on while one writer commits.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

/// <summary>Ready means every migration is applied: an instance on an older schema must not take traffic.</summary>
internal sealed class MigrationsHealthCheck(DraftingDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Every migration is applied.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}

/// <summary>On PostgreSQL, an instance that is not listening for other instances' changes would serve stale reads.</summary>
internal sealed class NotifierHealthCheck(Events.IDocumentChangeNotifier notifier) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(notifier is Events.PostgresDocumentChangeNotifier { Listening: false }
            ? HealthCheckResult.Unhealthy("Not listening for other instances' changes (LISTEN oewg_document_events); reconnecting.")
            : HealthCheckResult.Healthy("Listening for other instances' changes."));
}

internal sealed class DatabaseHealthCheck(DraftingDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}

// Writes when keys were last used, in batches off the request path.
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Infrastructure.Auth;

public sealed class KeyUsageOptions
{
    public const string Section = "Auth";

    /// <summary>How often the keys' lastUsedAt is written to the database.</summary>
    public TimeSpan KeyUsageFlushInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Writes when keys were last used, in one short transaction per interval and at shutdown, off the request path.</summary>
public sealed class ApiKeyUsageWriter(ApiKeyCache cache, IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<KeyUsageOptions> options, ILogger<ApiKeyUsageWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyUsageFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last uses are written below.
        }

        await FlushAsync(CancellationToken.None);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var uses = cache.TakeUnwrittenUses();
        if (uses.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (keyId, at) in uses)
            {
                await db.ApiKeys.Where(k => k.Id == keyId)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            // Only a convenience for the registry listing: keep going, the next use is written next time.
            logger.LogWarning(e, "Could not write when {Count} keys were last used", uses.Count);
        }
    }
}

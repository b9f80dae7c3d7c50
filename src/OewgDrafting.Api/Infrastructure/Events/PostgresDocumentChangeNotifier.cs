using System.Globalization;
using Npgsql;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>
/// Live updates across instances with PostgreSQL LISTEN/NOTIFY: a change committed on one instance is
/// announced on a channel; every instance listens and wakes its own server-sent-event clients, which then
/// read the new events from the shared log. Listeners in this process are also woken directly. The same
/// channel carries what the in-memory caches need: a document's new version (so that its cached reads move on)
/// and registry changes (so that a revoked key stops working here too).
/// </summary>
public sealed class PostgresDocumentChangeNotifier(string connectionString, DocumentHeads heads, ApiKeyCache keys,
    ILogger<PostgresDocumentChangeNotifier> logger) : BackgroundService, IDocumentChangeNotifier
{
    public const string Channel = "oewg_document_events";
    private const string RegistryPayload = "registry";

    private readonly InProcessDocumentChangeNotifier _local = new();
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public DocumentSubscription Subscribe(Guid documentId) => _local.Subscribe(documentId);

    /// <summary>Whether the LISTEN connection is up (readiness).</summary>
    public bool Listening { get; private set; }

    /// <summary>Other instances heard of it with the commit itself (see <see cref="Enlist"/>); here only this instance's listeners wake.</summary>
    public void Notify(Guid documentId, long sequence, long textVersion) => _local.Wake(documentId, sequence);

    public void NotifyRegistry()
    {
    }

    /// <summary>
    /// The NOTIFY goes into the batch's transaction: PostgreSQL delivers it when the batch commits, and never for a
    /// batch that does not; a batch of a hundred proposals to one document sends one, naming the last.
    /// </summary>
    public void Enlist(WriteTurn turn, Guid documentId, long sequence, long textVersion) =>
        turn.Announce(documentId.ToString("N"), string.Create(CultureInfo.InvariantCulture, $"{documentId:N}:{sequence}:{textVersion}"));

    public void EnlistRegistry(WriteTurn turn) => turn.Announce(RegistryPayload, RegistryPayload);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                delay = TimeSpan.FromMilliseconds(200);
                // Anything announced while we were not listening is unknown: read versions and keys again, and let
                // every stream re-read the log.
                heads.Clear();
                keys.Clear();
                _local.NotifyAll();
                Listening = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                Listening = false;
                logger.LogWarning(e, "Lost the LISTEN connection; reconnecting in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private void OnNotification(string payload)
    {
        if (payload == RegistryPayload)
        {
            keys.Clear();
            return;
        }

        var parts = payload.Split(':');
        if (parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var documentId)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var textVersion))
        {
            heads.Advance(documentId, sequence, textVersion);
            _local.Wake(documentId, sequence);
        }
    }

    public override void Dispose()
    {
        _dataSource.Dispose();
        base.Dispose();
    }
}

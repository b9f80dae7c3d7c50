using System.Data.Common;
using OewgDrafting.Api.Infrastructure.Events;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// One transaction shared by the commands of a batch (<see cref="GroupCommitter"/>): its connection, what its commands
/// have written so far (<see cref="State"/>), and what goes with its commit (the documents' versions, the notifications
/// for other instances).
/// </summary>
internal sealed class WriteBatch : IAsyncDisposable
{
    private const string WriteVersionSql = "UPDATE \"documents\" SET \"Version\" = @version, \"UpdatedAt\" = @now WHERE \"Id\" = @id";

    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DraftingConnections _connections;
    private bool _broken;

    private WriteBatch(DraftingConnections connections, DbConnection connection, DbTransaction transaction)
    {
        _connections = connections;
        Connection = connection;
        Transaction = transaction;
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }
    public int Count { get; set; }
    public BatchState State { get; } = new();

    /// <summary>Binds a document's last version in the batch: the row is written once, just before the commit.</summary>
    public Dictionary<Guid, Action<DbCommand>> VersionWrites { get; } = [];

    /// <summary>
    /// Notifications for other instances, sent inside the transaction just before it commits (PostgreSQL delivers them
    /// with the commit, never without it): one per key (a document's latest), whatever the number of commands.
    /// </summary>
    public Dictionary<string, string> Announcements { get; } = new(StringComparer.Ordinal);

    public Task Committed => _committed.Task;

    public static async Task<WriteBatch> BeginAsync(DraftingConnections connections)
    {
        var connection = await connections.OpenWriterAsync();
        try
        {
            return new WriteBatch(connections, connection, await connections.BeginWriteAsync(connection));
        }
        catch
        {
            await connections.ReturnWriterAsync(connection, broken: true);
            throw;
        }
    }

    public async Task CommitAsync()
    {
        try
        {
            foreach (var bind in VersionWrites.Values)
            {
                // On SQLite one statement text is one cached command: each is sent before the next is bound.
                var command = PreparedStatements.Command(Connection, Transaction, WriteVersionSql);
                bind(command);
                await command.ExecuteNonQueryAsync();
            }

            if (Announcements.Count > 0)
            {
                await using var announce = _connections.AnnouncementCommand(Connection, Transaction, Announcements.Values);
                await announce.ExecuteNonQueryAsync();
            }

            await Transaction.CommitAsync(CancellationToken.None);
            _committed.TrySetResult();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            _broken = true;
            _committed.TrySetException(new BatchCommitFailedException("The database did not commit a batch of writes; nothing of it was written.", e));
        }
        finally
        {
            await DisposeAsync();
        }
    }

    public async Task AbortAsync(Exception reason)
    {
        _broken = true;
        _committed.TrySetException(reason);
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await _connections.ReturnWriterAsync(Connection, _broken);
    }
}

/// <summary>
/// What the commands of a batch have written and the next ones go on from, without asking the database again: read
/// and written only in a turn, and only with what a command saved (a refused command leaves it as it was).
/// </summary>
public sealed class BatchState
{
    /// <summary>Each document the batch changed, at the batch's last version of it.</summary>
    public Dictionary<Guid, OpenedDocument> Documents { get; } = [];

    /// <summary>The last amendment number the batch gave in each document.</summary>
    public Dictionary<Guid, int> LastAmendmentNumbers { get; } = [];

    /// <summary>The hashes the batch's events ended their chains with.</summary>
    public ChainHeads Chain { get; } = new();
}

/// <summary>The batch a command belonged to could not be committed: none of its writes were stored.</summary>
public sealed class BatchCommitFailedException(string message, Exception? inner = null) : Exception(message, inner);

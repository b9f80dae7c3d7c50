using System.Data.Common;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Events;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// One transaction shared by the commands of a batch (<see cref="GroupCommitter"/>): its connection, what its commands
/// have written so far (<see cref="State"/>), the statements that wait to be sent with the next one, and what goes with
/// its commit (the documents' versions, the notifications for other instances, the pending amendments kept in memory).
/// </summary>
internal sealed class WriteBatch : IAsyncDisposable
{
    private const string WriteVersionSql = "UPDATE \"documents\" SET \"Version\" = @version, \"UpdatedAt\" = @now WHERE \"Id\" = @id";

    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DraftingConnections _connections;
    private readonly PendingAmendments _pendingAmendments;
    private readonly List<DeferredStatement> _waiting = [];
    private bool _broken;

    private WriteBatch(DraftingConnections connections, PendingAmendments pendingAmendments, DbConnection connection, DbTransaction transaction)
    {
        _connections = connections;
        _pendingAmendments = pendingAmendments;
        Connection = connection;
        Transaction = transaction;
        Pipelines = !connections.SingleWriter && connection.CanCreateBatch;
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }
    public int Count { get; set; }
    public BatchState State { get; } = new();

    /// <summary>
    /// Statements may wait in the batch (<see cref="Defer"/>) to go with its next statement: on PostgreSQL, where each
    /// statement is a round trip. On SQLite a statement costs no round trip and goes at once.
    /// </summary>
    public bool Pipelines { get; }

    /// <summary>Statements wait to be sent: before any other statement of the batch, at the latest with its commit.</summary>
    public bool HasWaiting => _waiting.Count > 0;

    /// <summary>Binds a document's last version in the batch: the row is written once, just before the commit.</summary>
    public Dictionary<Guid, Action<DbCommand>> VersionWrites { get; } = [];

    /// <summary>
    /// Notifications for other instances, sent inside the transaction just before it commits (PostgreSQL delivers them
    /// with the commit, never without it): one per key (a document's latest), whatever the number of commands.
    /// </summary>
    public Dictionary<string, string> Announcements { get; } = new(StringComparer.Ordinal);

    public Task Committed => _committed.Task;

    public static async Task<WriteBatch> BeginAsync(DraftingConnections connections, PendingAmendments pendingAmendments)
    {
        var connection = await connections.OpenWriterAsync();
        try
        {
            return new WriteBatch(connections, pendingAmendments, connection, await connections.BeginWriteAsync(connection));
        }
        catch
        {
            await connections.ReturnWriterAsync(connection, broken: true);
            throw;
        }
    }

    public void Defer(IEnumerable<DeferredStatement> statements)
    {
        if (!Pipelines)
        {
            throw new InvalidOperationException("This batch sends every statement in its command's turn.");
        }

        _waiting.AddRange(statements);
    }

    /// <summary>Sends the waiting statements (and <paramref name="then"/>), in order, in one round trip.</summary>
    public async Task FlushAsync(IReadOnlyList<DeferredStatement>? then = null)
    {
        if (_waiting.Count == 0 && (then is null || then.Count == 0))
        {
            return;
        }

        await using var batch = Connection.CreateBatch();
        batch.Transaction = Transaction;
        foreach (var statement in then is null ? _waiting : _waiting.Concat(then))
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            command.Parameters.AddRange(statement.Parameters);
            batch.BatchCommands.Add(command);
        }

        // Taken off the list first: a failure here breaks the whole batch, which is then never committed.
        _waiting.Clear();
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public async Task CommitAsync()
    {
        try
        {
            if (HasWaiting)
            {
                // What waits, the documents' versions and the notifications: one round trip, then the commit.
                await FlushAsync(LastStatements().Select(DeferredStatement.From).ToList());
            }
            else
            {
                foreach (var command in LastStatements())
                {
                    await command.ExecuteNonQueryAsync();
                }
            }

            await Transaction.CommitAsync(CancellationToken.None);
            FollowAmendments();
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

    /// <summary>
    /// The statements that go just before the commit, each bound as it is asked for: on SQLite one statement text is one
    /// cached command (<see cref="PreparedStatements.Command"/>), so each is sent, or its parameters taken, before the next.
    /// </summary>
    private IEnumerable<DbCommand> LastStatements()
    {
        foreach (var bind in VersionWrites.Values)
        {
            var command = PreparedStatements.Command(Connection, Transaction, WriteVersionSql);
            bind(command);
            yield return command;
        }

        if (_connections.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var sql in Search.SearchIndexSql.IndexPendingSqlite)
            {
                yield return PreparedStatements.Command(Connection, Transaction, sql);
            }
        }

        if (Announcements.Count > 0)
        {
            yield return _connections.AnnouncementCommand(Connection, Transaction, Announcements.Values);
        }
    }

    /// <summary>
    /// Committed, on the writer, before anyone is answered: the pending amendments kept in memory follow, in the order of
    /// commit. Never a reason to fail a commit: on any error what is kept is forgotten and read again.
    /// </summary>
    private void FollowAmendments()
    {
        if (State.AmendmentChanges.Count == 0)
        {
            return;
        }

        try
        {
            _pendingAmendments.Committed(State.AmendmentChanges);
        }
        catch (Exception)
        {
            _pendingAmendments.Clear();
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

    /// <summary>What the batch's commands did to amendments, with their event's sequence, for <see cref="PendingAmendments"/>.</summary>
    public List<(PendingAmendments.Change Change, long? Sequence)> AmendmentChanges { get; } = [];
}

/// <summary>The batch a command belonged to could not be committed: none of its writes were stored.</summary>
public sealed class BatchCommitFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A statement left to be sent later in its batch (<see cref="WriteTurn.Defer"/>), with its parameters bound.</summary>
public sealed record DeferredStatement(string Sql, DbParameter[] Parameters)
{
    /// <summary>Takes a bound command's text and parameters (the command keeps none).</summary>
    public static DeferredStatement From(DbCommand command)
    {
        var parameters = command.Parameters.Cast<DbParameter>().ToArray();
        command.Parameters.Clear();
        return new DeferredStatement(command.CommandText, parameters);
    }
}

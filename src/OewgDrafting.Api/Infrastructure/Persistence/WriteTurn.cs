using System.Data.Common;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// One command's turn in its batch (<see cref="GroupCommitter"/>): its savepoint in the batch's transaction. End it with
/// <see cref="CompleteAsync"/> when the command's changes are saved, or <see cref="AbandonAsync"/> when it failed;
/// exactly one of them, exactly once.
/// </summary>
public sealed class WriteTurn
{
    // One command's savepoint is released or rolled back before the next begins: one name serves all, and its
    // statements are prepared once on the connection.
    public const string SavepointSql = "SAVEPOINT oewg_command";
    public const string ReleaseSql = "RELEASE SAVEPOINT oewg_command";
    private const string RollbackSql = "ROLLBACK TO SAVEPOINT oewg_command";

    private readonly WriteQueue _queue;
    private readonly WriteBatch _batch;
    private bool _savepointTaken;
    private bool _inBatch;
    private bool _ended;
    private bool _aborted;

    internal WriteTurn(WriteQueue queue, WriteBatch batch)
    {
        _queue = queue;
        _batch = batch;
    }

    public DbConnection Connection => _batch.Connection;
    public DbTransaction Transaction => _batch.Transaction;

    /// <summary>What the batch's earlier commands wrote; this command adds to it once its changes are saved.</summary>
    public BatchState State => _batch.State;

    /// <summary>Writes a document's version just before the batch commits; a later one for the same document replaces it.</summary>
    public void WriteVersionAtCommit(Guid documentId, Action<DbCommand> bind) => _batch.VersionWrites[documentId] = bind;

    /// <summary>Sends <paramref name="payload"/> to other instances with the batch's commit; a later one under the same key replaces it.</summary>
    public void Announce(string key, string payload) => _batch.Announcements[key] = payload;

    /// <summary>The command's statements may wait in the batch (<see cref="Defer"/>): PostgreSQL.</summary>
    public bool Pipelines => _batch.Pipelines;

    /// <summary>
    /// Leaves the command's statements to be sent with the batch's next statement, at the latest with its commit, for a
    /// command that can no longer be refused: they take no savepoint, and if the database refuses them (a broken
    /// connection, a bug) the whole batch fails and nobody in it is acknowledged.
    /// </summary>
    public void Defer(IReadOnlyList<DeferredStatement> statements)
    {
        _batch.Defer(statements);
        _inBatch = true;
    }

    /// <summary>
    /// Sends what earlier commands of the batch left waiting, before this command reads or writes anything else. If that
    /// fails, the batch cannot be committed: it is given up (every command of it fails) and this turn ends with it.
    /// </summary>
    public async Task FlushAsync()
    {
        if (!_batch.HasWaiting)
        {
            return;
        }

        try
        {
            await _batch.FlushAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            _aborted = true;
            _ended = true;
            await _queue.AbortAsync(_batch, e);
            throw new BatchCommitFailedException("The database refused a batch of writes; nothing of it was written.", e);
        }
    }

    /// <summary>
    /// The savepoint statement to put in front of the command's first statement (once; then empty), so that both go
    /// in one round trip. From here on, a failure rolls back to it.
    /// </summary>
    public string TakeSavepoint()
    {
        if (_savepointTaken)
        {
            return string.Empty;
        }

        _savepointTaken = true;
        return SavepointSql + "; ";
    }

    /// <summary>The command's last statement released its savepoint (it travelled with its inserts): nothing is left to roll back to.</summary>
    public void SavepointReleased() => _inBatch = true;

    /// <summary>Sets the savepoint now, unless it is set already.</summary>
    public async Task EnsureSavepointAsync()
    {
        if (!_savepointTaken)
        {
            _savepointTaken = true;
            await ExecuteAsync(SavepointSql);
        }
    }

    private Task<int> ExecuteAsync(string sql) => Command(sql).ExecuteNonQueryAsync(CancellationToken.None);

    /// <summary>A statement prepared on the batch's connection (see <see cref="PreparedStatements"/>), once nothing waits before it.</summary>
    public DbCommand Command(string sql) => _batch.HasWaiting
        ? throw new InvalidOperationException("Statements of earlier commands are waiting: they are sent (FlushAsync) before anything else.")
        : PreparedStatements.Command(_batch.Connection, _batch.Transaction, sql);

    /// <summary>Keeps the command's changes and waits until the batch holding them is committed.</summary>
    public async Task CompleteAsync()
    {
        if (_aborted)
        {
            throw new BatchCommitFailedException("The database refused a batch of writes; nothing of it was written.");
        }

        End();
        Task committed;
        try
        {
            if (_savepointTaken && !_inBatch)
            {
                await ExecuteAsync(ReleaseSql);
            }

            committed = await _queue.EndTurnAsync(_batch);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            await _queue.AbortAsync(_batch, e);
            throw new BatchCommitFailedException("The database refused a batch of writes; nothing of it was written.", e);
        }

        await committed;
    }

    /// <summary>The command failed: everything it wrote is rolled back to its savepoint; the batch goes on without it.</summary>
    public async Task AbandonAsync()
    {
        if (_aborted)
        {
            // Its batch was given up already (FlushAsync), and the turn with it.
            return;
        }

        End();
        if (_inBatch)
        {
            // Its rows are in the batch with no savepoint left to roll back to: the batch is given up, nobody in it acknowledged.
            await _queue.AbortAsync(_batch, new InvalidOperationException("A command failed after its changes were saved in its batch."));
            return;
        }

        try
        {
            if (_savepointTaken)
            {
                await ExecuteAsync(RollbackSql);
                await ExecuteAsync(ReleaseSql);
            }

            // A failed command has nothing to wait for; it commits its batch-mates' work when it is the last in line.
            _ = await _queue.EndTurnAsync(_batch);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            await _queue.AbortAsync(_batch, e);
        }
    }

    private void End()
    {
        if (_ended)
        {
            throw new InvalidOperationException("A write turn was ended twice.");
        }

        _ended = true;
    }
}

using System.Collections.Concurrent;
using System.Data.Common;

namespace OewgDrafting.Api.Infrastructure.Persistence;

public sealed class GroupCommitOptions
{
    public const string Section = "Writes";

    /// <summary>Most commands committed in one transaction; a longer queue is committed in several.</summary>
    public int? MaxBatch { get; set; }

    /// <summary>
    /// SQLite: 48. Its one writer serves every document, and with 193 writers nearly all of them were in every batch of
    /// 256: answers came in one burst per commit, every 60–90 ms. Batches of 48 let the writer go on with the next batch
    /// while the last one's answers are sent (interleaved runs: 2,660 and 2,656 → 3,050 and 2,738 proposals/s, p99 107
    /// and 108 → 104 and 103 ms, the readers' p99 29 → 18–19 ms). PostgreSQL: 256 (a queue per document, one row lock
    /// and one commit a batch).
    /// </summary>
    public int MaxBatchFor(bool singleWriter) => Math.Max(1, MaxBatch ?? (singleWriter ? 48 : 256));

    /// <summary>SQLite: how often <see cref="WalCheckpointer"/> copies the write-ahead log back into the database file.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A proposal whose paragraph is known to be as it was read (see <see cref="Events.EventJournal.AdvanceDocumentAsync"/>)
    /// skips the paragraph's check in its turn, and on PostgreSQL its inserts wait in the batch and go with the batch's
    /// next statement, at the latest with its commit: one round trip for many proposals. Off: each proposal checks its
    /// paragraph in its turn, with its inserts (one round trip each).
    /// </summary>
    public bool Pipeline { get; set; } = true;
}

/// <summary>
/// Group commit. Writers to one queue (on SQLite the whole file, which has one writer at a time anyway; on
/// PostgreSQL one document) take turns as before, but the turns share one transaction: each command runs inside
/// its own savepoint, so a refused command rolls back to it and writes nothing while the others stand, and the
/// transaction is committed when nobody is waiting any more (or the batch is full). The command that finds the
/// queue empty commits for everyone; the others have handed their turn on and wait for that commit. Nobody is
/// answered before the commit that holds their change: acknowledged means durable. One commit (one fsync, one
/// row lock on PostgreSQL) is shared by every command of the batch. A command that can no longer be refused (see
/// <see cref="WriteTurn.Defer"/>) takes no savepoint: on PostgreSQL its statements wait in the batch and are sent with
/// the next statement, at the latest with the commit.
/// </summary>
public sealed class GroupCommitter(DraftingConnections connections, Microsoft.Extensions.Options.IOptions<GroupCommitOptions> options)
    : IDisposable
{
    private readonly ConcurrentDictionary<Guid, WriteQueue> _queues = new();
    private readonly Lazy<WriterThread?> _writer = new(() => connections.SingleWriter ? new WriterThread() : null);

    public void Dispose()
    {
        if (_writer.IsValueCreated)
        {
            _writer.Value?.Dispose();
        }
    }

    /// <summary>The managed id of the thread that resumes SQLite writers, once it runs (null on PostgreSQL).</summary>
    internal int? WriterThreadId => _writer.IsValueCreated ? _writer.Value?.ManagedThreadId : null;

    /// <summary>How many writers wait for a turn in <paramref name="queue"/> (for tests that line writers up in order).</summary>
    internal int WaitingIn(Guid queue) => _queues.TryGetValue(queue, out var waiting) ? waiting.Waiting : 0;

    /// <summary>The queue a command on <paramref name="documentId"/> (or on no document: <see cref="Guid.Empty"/>) joins.</summary>
    public Guid QueueFor(Guid documentId) => connections.SingleWriter ? Guid.Empty : documentId;

    /// <summary>Waits for this command's turn in its queue's open batch (opening a batch when there is none).</summary>
    /// <param name="mayPipeline">
    /// The command may need nothing from the database in its turn: statements that earlier commands of the batch left
    /// waiting (<see cref="WriteTurn.Defer"/>) are not sent yet. Otherwise they are sent before anything of this command.
    /// </param>
    public Task<WriteTurn> EnterAsync(Guid queue, bool deferSavepoint = false, bool mayPipeline = false) =>
        _queues.GetOrAdd(queue, _ => new WriteQueue(connections, options.Value.MaxBatchFor(connections.SingleWriter), _writer.Value,
            options.Value.Pipeline, this)).EnterAsync(deferSavepoint, mayPipeline);

    private long _deferredCommands;
    private long _provenCommands;
    private long _untrackedCommands;

    /// <summary>How many commands sent their inserts with a later statement of their batch (for tests that check the path is taken).</summary>
    internal long DeferredCommands => Interlocked.Read(ref _deferredCommands);

    /// <summary>How many commands skipped their check in the turn, known to hold (for tests that check the path is taken).</summary>
    internal long ProvenCommands => Interlocked.Read(ref _provenCommands);

    /// <summary>How many commands inserted their rows without EF Core's change tracker (for tests that check the path is taken).</summary>
    internal long UntrackedCommands => Interlocked.Read(ref _untrackedCommands);

    internal void CountUntracked() => Interlocked.Increment(ref _untrackedCommands);

    internal void CountDeferred() => Interlocked.Increment(ref _deferredCommands);

    internal void CountProven() => Interlocked.Increment(ref _provenCommands);
}

internal sealed class WriteQueue(DraftingConnections connections, int maxBatch, WriterThread? writer, bool pipeline, GroupCommitter committer)
{
    private readonly TurnGate _turn = new(writer);
    private int _waiting;
    private WriteBatch? _open;

    public int Waiting => Volatile.Read(ref _waiting);

    internal GroupCommitter Committer => committer;

    public async Task<WriteTurn> EnterAsync(bool deferSavepoint, bool mayPipeline)
    {
        // Never cancelled: a writer that gave up waiting would leave a batch nobody commits. A writer whose client
        // went away still takes its turn, fails at its first cancelled statement, and rolls back to its savepoint.
        Interlocked.Increment(ref _waiting);
        Telemetry.DraftingMetrics.WriterWaiting(1);
        // Not back to a captured context: the turn goes on where it was handed over (the writer thread, on SQLite).
        await _turn.EnterAsync().ConfigureAwait(false);
        Interlocked.Decrement(ref _waiting);
        Telemetry.DraftingMetrics.WriterWaiting(-1);
        try
        {
            _open ??= await WriteBatch.BeginAsync(connections, pipeline);
            _open.Count++;
            var turn = new WriteTurn(this, _open);
            if (!mayPipeline)
            {
                // Before anything of this command (its savepoint first of all): what earlier commands left waiting.
                await _open.FlushAsync();
            }

            if (!deferSavepoint)
            {
                await turn.EnsureSavepointAsync();
            }

            return turn;
        }
        catch
        {
            await AbortOpenBatchAsync();
            _turn.Release();
            throw;
        }
    }

    /// <summary>
    /// Ends a turn: commits the batch when nobody waits or it is full, else hands the turn to the next writer.
    /// Returns the commit to wait for (completed when this turn committed it).
    /// </summary>
    internal async Task<Task> EndTurnAsync(WriteBatch batch)
    {
        if (Volatile.Read(ref _waiting) > 0 && batch.Count < maxBatch)
        {
            _turn.Release();
            return batch.Committed;
        }

        _open = null;
        try
        {
            Telemetry.DraftingMetrics.BatchSize.Record(batch.Count);
            await batch.CommitAsync();
        }
        finally
        {
            _turn.Release();
        }

        return batch.Committed;
    }

    private async Task AbortOpenBatchAsync()
    {
        if (_open is { } batch)
        {
            _open = null;
            await batch.AbortAsync(new BatchCommitFailedException("The database connection failed while a batch of writes was open."));
        }
    }

    /// <summary>A statement failed so that the batch's transaction is unusable: nothing of it can be committed.</summary>
    internal async Task AbortAsync(WriteBatch batch, Exception cause)
    {
        if (ReferenceEquals(_open, batch))
        {
            _open = null;
        }

        await batch.AbortAsync(new BatchCommitFailedException("The database refused a batch of writes; nothing of it was written.", cause));
        _turn.Release();
    }
}

/// <summary>
/// The turn of one queue: one holder at a time, the others resumed in arrival order. With a writer thread (SQLite),
/// the next holder is resumed on it, inline: the serial part of every write (its statements in the shared
/// transaction, and the commit) runs at once, without first waiting in the thread pool behind the requests that
/// are being parsed, checked and answered meanwhile. Without one (PostgreSQL,
/// a queue per document), the next holder is resumed on the thread pool.
/// </summary>
internal sealed class TurnGate(WriterThread? writer)
{
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private bool _held;

    /// <summary>Completes when the caller holds the turn: at once when nobody does, else when it is handed on to it.</summary>
    public Task EnterAsync()
    {
        lock (_waiters)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            // Completed by Release on the thread that resumes the waiter: its continuation runs there, inline.
            var waiter = new TaskCompletionSource();
            _waiters.Enqueue(waiter);
            return waiter.Task;
        }
    }

    /// <summary>Hands the turn to the longest waiter, or frees it when nobody waits.</summary>
    public void Release()
    {
        TaskCompletionSource? next;
        lock (_waiters)
        {
            if (!_waiters.TryDequeue(out next))
            {
                _held = false;
                return;
            }
        }

        if (writer is null || !writer.TryPost(next))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static waiter => waiter.SetResult(), next, preferLocal: false);
        }
    }
}

/// <summary>
/// The thread that resumes the writers of the SQLite queue, one after another: the part of a write that runs on it
/// is the one part that cannot run in parallel, and every other write waits for it, so it does not queue for a
/// thread-pool thread at each hand-over.
/// </summary>
internal sealed class WriterThread : IDisposable
{
    private readonly BlockingCollection<TaskCompletionSource> _resume = [];

    public WriterThread()
    {
        new Thread(Run) { IsBackground = true, Name = "OewgDrafting writer" }.Start();
    }

    /// <summary>The thread's managed id, for tests that check where turns run.</summary>
    public int? ManagedThreadId { get; private set; }

    /// <summary>True when the waiter will be resumed on this thread; false once the thread is stopping.</summary>
    public bool TryPost(TaskCompletionSource waiter)
    {
        try
        {
            return _resume.TryAdd(waiter);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose() => _resume.CompleteAdding();

    private void Run()
    {
        ManagedThreadId = Environment.CurrentManagedThreadId;
        foreach (var waiter in _resume.GetConsumingEnumerable())
        {
            // The waiter's continuation (its turn, up to its first wait that does not complete at once) runs here;
            // an await keeps what it throws in its own task. Anything else that escapes must not stop this thread:
            // every later writer would wait for it.
            try
            {
                waiter.SetResult();
            }
            catch (Exception e)
            {
                System.Diagnostics.Trace.TraceError($"A writer's continuation failed on the writer thread: {e}");
            }
        }
    }
}

/// <summary>One transaction shared by the commands of a batch.</summary>
internal sealed class WriteBatch : IAsyncDisposable
{
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly DraftingConnections _connections;
    private bool _broken;

    private WriteBatch(DraftingConnections connections, DbConnection connection, DbTransaction transaction, bool proves, bool pipelines)
    {
        _connections = connections;
        Connection = connection;
        Transaction = transaction;
        Proves = proves;
        Pipelines = pipelines;
    }

    /// <summary>Commands may skip checks known to hold (<see cref="GroupCommitOptions.Pipeline"/>).</summary>
    public bool Proves { get; }

    /// <summary>Commands' statements may wait in the batch (<see cref="Defer"/>): PostgreSQL, with <see cref="GroupCommitOptions.Pipeline"/>.</summary>
    public bool Pipelines { get; }

    private readonly List<DeferredStatement> _pending = [];

    /// <summary>Statements that wait to be sent: before any other statement of the batch, at the latest with its commit.</summary>
    public bool HasPending => _pending.Count > 0;

    public void Defer(IEnumerable<DeferredStatement> statements)
    {
        if (!Pipelines)
        {
            throw new InvalidOperationException("This batch sends every statement in its command's turn.");
        }

        _pending.AddRange(statements);
    }

    /// <summary>Sends the waiting statements (and <paramref name="then"/>), in order, in one round trip.</summary>
    public async Task FlushAsync(IReadOnlyList<DeferredStatement>? then = null)
    {
        if (_pending.Count == 0 && (then is null || then.Count == 0))
        {
            return;
        }

        await using var batch = Connection.CreateBatch();
        batch.Transaction = Transaction;
        foreach (var statement in then is null ? _pending : _pending.Concat(then))
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            command.Parameters.AddRange(statement.Parameters);
            batch.BatchCommands.Add(command);
        }

        // Taken off the list first: a failure here breaks the whole batch, which is then never committed.
        _pending.Clear();
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }
    public int Count { get; set; }

    /// <summary>What the batch's commands share (the last number of a sequence they took); touched by one turn at a time.</summary>
    public Dictionary<object, object> Items { get; } = [];

    /// <summary>
    /// Notifications for other instances, sent inside the transaction just before it commits (PostgreSQL delivers
    /// them with the commit, never without it): one per document (its latest), whatever the number of commands.
    /// </summary>
    public Dictionary<string, string> Announcements { get; } = new(StringComparer.Ordinal);

    /// <summary>Statements run just before the commit, the latest per key (a document's version, written once a batch).</summary>
    public Dictionary<object, (string Sql, Action<DbCommand> Bind)> BeforeCommit { get; } = [];

    /// <summary>Run in order on the writer once the commit succeeded, before anyone is answered (see <see cref="WriteTurn.AfterCommit"/>).</summary>
    public List<Action> AfterCommit { get; } = [];
    public Task Committed => _committed.Task;

    public static async Task<WriteBatch> BeginAsync(DraftingConnections connections, bool pipeline)
    {
        var connection = await connections.OpenWriterAsync();
        try
        {
            var transaction = await connections.BeginWriteAsync(connection);
            return new WriteBatch(connections, connection, transaction, pipeline,
                pipeline && !connections.SingleWriter && connection.CanCreateBatch);
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
            if (HasPending)
            {
                // What waits, the document's version and the notifications: one round trip, then the commit.
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
            foreach (var action in AfterCommit)
            {
                try
                {
                    action();
                }
                catch (Exception)
                {
                    // Committed is committed: an action cleans up after itself (see WriteTurn.AfterCommit).
                }
            }

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
    /// cached command (<see cref="PreparedStatements.Command"/>), so each must be sent, or its parameters taken
    /// (<see cref="DeferredStatement.From"/>), before the next is bound.
    /// </summary>
    private IEnumerable<DbCommand> LastStatements()
    {
        foreach (var (sql, bind) in BeforeCommit.Values)
        {
            var command = PreparedStatements.Command(Connection, Transaction, sql);
            bind(command);
            yield return command;
        }

        if (Announcements.Count > 0)
        {
            yield return _connections.AnnouncementCommand(Connection, Transaction, Announcements.Values);
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
/// One command's turn: its savepoint in the batch's transaction. End it with <see cref="CompleteAsync"/> when the
/// command's changes are saved, or <see cref="AbandonAsync"/> when it failed; exactly one of them, exactly once.
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
    private bool _savepointReleased;
    private bool _ended;
    private bool _aborted;

    internal WriteTurn(WriteQueue queue, WriteBatch batch)
    {
        _queue = queue;
        _batch = batch;
    }

    public DbConnection Connection => _batch.Connection;
    public DbTransaction Transaction => _batch.Transaction;

    /// <summary>State the commands of one batch share, read and written only during a turn.</summary>
    public Dictionary<object, object> Items => _batch.Items;

    /// <summary>Runs a statement just before the batch commits; a later one under the same key replaces it.</summary>
    public void AtCommit(object key, string sql, Action<DbCommand> bind) => _batch.BeforeCommit[key] = (sql, bind);

    /// <summary>
    /// Runs <paramref name="action"/> once the batch is committed, in the order of the commands, before any of them is
    /// answered; never when the batch fails. It must not throw (it is the commit's own time), or clean up when it does.
    /// </summary>
    public void AfterCommit(Action action) => _batch.AfterCommit.Add(action);

    /// <summary>Sends <paramref name="payload"/> to other instances with the batch's commit; a later one under the same key replaces it.</summary>
    public void Announce(string key, string payload) => _batch.Announcements[key] = payload;

    /// <summary>The command may skip a check known to hold, instead of making it in its turn (<see cref="GroupCommitOptions.Pipeline"/>).</summary>
    public bool Proves => _batch.Proves;

    /// <summary>The command's statements may wait in the batch (<see cref="Defer"/>), on PostgreSQL.</summary>
    public bool Pipelines => _batch.Pipelines;

    /// <summary>Statements of earlier commands wait to be sent: nothing may be read or written on the connection before they are.</summary>
    public bool HasPending => _batch.HasPending;

    /// <summary>
    /// Leaves the command's statements to be sent with the batch's next statement, at the latest with its commit, for a
    /// command that can no longer be refused: they take no savepoint, and if the database refuses them (a broken
    /// connection, a bug) the whole batch fails and nobody in it is acknowledged.
    /// </summary>
    public void Defer(IReadOnlyList<DeferredStatement> statements)
    {
        _batch.Defer(statements);
        _queue.Committer.CountDeferred();
    }

    /// <summary>
    /// Sends what earlier commands of the batch left waiting, before this command reads or writes anything else. If that
    /// fails, the batch cannot be committed: it is given up (every command of it fails) and this turn ends with it.
    /// </summary>
    public async Task FlushAsync()
    {
        if (!_batch.HasPending)
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

    /// <summary>True until the command's savepoint is set: nothing of the command has reached the database yet.</summary>
    public bool SavepointPending => !_savepointTaken;

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

    /// <summary>
    /// The command's last statement released its savepoint (it travelled with its inserts): a refusal found in that
    /// same round trip has nothing to roll back, since its inserts were guarded and wrote nothing.
    /// </summary>
    public void SavepointReleased() => _savepointReleased = true;

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
    public DbCommand Command(string sql)
    {
        if (_batch.HasPending)
        {
            throw new InvalidOperationException("Statements of earlier commands are waiting: they are sent (FlushAsync) before anything else.");
        }

        return PreparedStatements.Command(_batch.Connection, _batch.Transaction, sql);
    }

    /// <summary>
    /// Keeps the command's changes and waits until the batch holding them is committed. <paramref name="released"/>:
    /// the savepoint was released with the command's last statement.
    /// </summary>
    public async Task CompleteAsync(bool released = false)
    {
        if (_aborted)
        {
            throw new BatchCommitFailedException("The database refused a batch of writes; nothing of it was written.");
        }

        End();
        Task committed;
        try
        {
            if (_savepointTaken && !released && !_savepointReleased)
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
        try
        {
            if (_savepointTaken && !_savepointReleased)
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

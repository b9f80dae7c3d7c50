using System.Collections.Concurrent;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// Group commit. Writers to one queue (on SQLite the whole file, which has one writer at a time anyway; on
/// PostgreSQL one document) take turns, and the turns share one transaction: each command runs inside its own
/// savepoint, so a refused command rolls back to it and writes nothing while the others stand, and the transaction
/// is committed when nobody is waiting any more (or the batch is full). The command that finds the queue empty
/// commits for everyone; the others have handed their turn on and wait for that commit. Nobody is answered before
/// the commit that holds their change: acknowledged means durable. One commit (one fsync, one row lock on
/// PostgreSQL) is shared by every command of the batch. A command that can no longer be refused takes no savepoint:
/// on PostgreSQL its statements wait in the batch and go with the next statement, at the latest with the commit.
/// </summary>
public sealed class GroupCommitter(DraftingConnections connections, Microsoft.Extensions.Options.IOptions<GroupCommitOptions> options,
    Caching.PendingAmendments pendingAmendments) : IDisposable
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

    /// <summary>How many writers wait for a turn in <paramref name="queue"/>.</summary>
    public int WaitingIn(Guid queue) => _queues.TryGetValue(queue, out var waiting) ? waiting.Waiting : 0;

    /// <summary>The queue a command on <paramref name="documentId"/> (or on no document: <see cref="Guid.Empty"/>) joins.</summary>
    public Guid QueueFor(Guid documentId) => connections.SingleWriter ? Guid.Empty : documentId;

    /// <summary>
    /// Waits for this command's turn in its queue's open batch (opening a batch when there is none). With
    /// <paramref name="deferSavepoint"/>, the command's savepoint goes with its first statement (<see cref="WriteTurn.TakeSavepoint"/>).
    /// With <paramref name="mayPipeline"/>, the command may need nothing from the database in its turn, so what earlier
    /// commands left waiting (<see cref="WriteTurn.Defer"/>) is not sent yet; otherwise it is sent first.
    /// </summary>
    public Task<WriteTurn> EnterAsync(Guid queue, bool deferSavepoint = false, bool mayPipeline = false) =>
        _queues.GetOrAdd(queue, _ => new WriteQueue(connections, pendingAmendments, options.Value.MaxBatchFor(connections.SingleWriter), _writer.Value))
            .EnterAsync(deferSavepoint, mayPipeline);
}

/// <summary>One queue of writers and its open batch.</summary>
internal sealed class WriteQueue(DraftingConnections connections, Caching.PendingAmendments pendingAmendments, int maxBatch, WriterThread? writer)
{
    private readonly TurnGate _turn = new(writer);
    private int _waiting;
    private WriteBatch? _open;

    public int Waiting => Volatile.Read(ref _waiting);

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
            _open ??= await WriteBatch.BeginAsync(connections, pendingAmendments);
            _open.Count++;
            var turn = new WriteTurn(this, _open);
            if (!mayPipeline)
            {
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
            if (_open is { } batch)
            {
                _open = null;
                await batch.AbortAsync(new BatchCommitFailedException("The database connection failed while a batch of writes was open."));
            }

            _turn.Release();
            throw;
        }
    }

    /// <summary>
    /// Ends a turn: commits the batch when nobody waits or it is full, else hands the turn to the next writer.
    /// Returns the commit to wait for (completed when this turn committed it).
    /// </summary>
    public async Task<Task> EndTurnAsync(WriteBatch batch)
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

    /// <summary>A statement failed so that the batch's transaction is unusable: nothing of it can be committed.</summary>
    public async Task AbortAsync(WriteBatch batch, Exception cause)
    {
        if (ReferenceEquals(_open, batch))
        {
            _open = null;
        }

        await batch.AbortAsync(new BatchCommitFailedException("The database refused a batch of writes; nothing of it was written.", cause));
        _turn.Release();
    }
}

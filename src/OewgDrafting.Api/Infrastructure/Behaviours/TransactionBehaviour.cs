using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Infrastructure.Behaviours;

/// <summary>
/// Every command is one transaction: the change, the document's new version and its event are committed
/// together or not at all. A refused command writes nothing and appends no event.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(DraftingDbContext db, EventJournal journal, WriterGate gate)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
        }

        try
        {
            // Queue for the document before taking a database connection and a transaction: waiting writers then
            // hold nothing the database or other requests need.
            if (message is IDocumentCommand documentCommand)
            {
                await journal.LockAsync(documentCommand.DocumentId, cancellationToken);
            }

            using var turn = await gate.EnterAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var response = await next(message, cancellationToken);
            journal.EnsureComplete();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            journal.PublishCommitted();
            return response;
        }
        finally
        {
            journal.ReleaseLocks();
        }
    }
}

/// <summary>A command that changes one existing document.</summary>
public interface IDocumentCommand
{
    Guid DocumentId { get; }
}

/// <summary>
/// SQLite takes one writer at a time for the whole file; writers that collide spin on SQLITE_BUSY with
/// sleeps. Queueing them in process instead keeps throughput and latency steady. PostgreSQL locks rows,
/// so there the gate lets everyone through.
/// </summary>
public sealed class WriterGate(bool serialise) : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public void Dispose() => _semaphore.Dispose();

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!serialise)
        {
            return Turn.None;
        }

        await _semaphore.WaitAsync(cancellationToken);
        return new Turn(_semaphore);
    }

    private sealed class Turn(SemaphoreSlim? semaphore) : IDisposable
    {
        public static readonly Turn None = new(null);

        public void Dispose() => semaphore?.Release();
    }
}

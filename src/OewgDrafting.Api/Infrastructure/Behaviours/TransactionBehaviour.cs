using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Infrastructure.Behaviours;

/// <summary>
/// Every command is one transaction: the change, the document's new version and its event are committed
/// together or not at all. A refused command writes nothing and appends no event.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(DraftingDbContext db, EventJournal journal)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await next(message, cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var response = await next(message, cancellationToken);
        journal.EnsureComplete();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        journal.PublishCommitted();
        return response;
    }
}

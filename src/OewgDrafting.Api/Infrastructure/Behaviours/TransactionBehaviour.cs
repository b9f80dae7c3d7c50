using Mediator;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Infrastructure.Behaviours;

/// <summary>
/// Every command is all or nothing, and durable when answered: its change, the document's new version and its
/// event are saved in its own savepoint of a group-committed transaction (<see cref="GroupCommitter"/>), and it
/// returns only once that transaction is committed. A refused command rolls back to its savepoint: it writes
/// nothing and appends no event, while the other commands of its batch stand.
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(EventJournal journal, GroupCommitter committer)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (journal.InTurn)
        {
            return await next(message, cancellationToken);
        }

        try
        {
            // A command on a document reads what it needs first and takes its turn when it opens the document
            // (EventJournal.OpenDocumentAsync); any other command (the registry, a new document) takes it at once.
            if (message is not IDocumentCommand)
            {
                await journal.EnterAsync(committer.QueueFor(Guid.Empty));
            }

            var response = await next(message, cancellationToken);
            await journal.CompleteAsync(cancellationToken);
            journal.PublishCommitted();
            return response;
        }
        catch
        {
            await journal.AbandonAsync();
            throw;
        }
    }
}

/// <summary>
/// A command that changes one existing document: it reads what it needs first and takes its turn to write when
/// it opens the document (on PostgreSQL, in that document's queue). Any other command takes its turn at once.
/// </summary>
public interface IDocumentCommand;

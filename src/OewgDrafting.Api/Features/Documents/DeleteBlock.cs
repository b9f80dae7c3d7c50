using Mediator;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>The chair removes a block, naming the version they saw.</summary>
public static class DeleteBlock
{
    public sealed record Command(Guid DocumentId, Guid BlockId, int ExpectedVersion) : ICommand<Unit>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var block = await db.FindBlockAsync(document.Id, command.BlockId, cancellationToken);
            block.EnsureVersion(command.ExpectedVersion);
            block.EnsureEditable();
            db.Blocks.Remove(block);
            var superseded = await Amendments.DecideAmendment.SupersedeOnDeletedBlockAsync(db, journal, null, block.Id, cancellationToken);
            journal.Record(document, EventType.BlockDeleted, new { Before = BlockSnapshot.Of(block), Superseded = superseded }, block.Id);
            return Unit.Value;
        }
    }
}

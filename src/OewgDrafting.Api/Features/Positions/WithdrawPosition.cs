using Mediator;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Positions;

/// <summary>A delegation withdraws its stance; the history stays in the event log.</summary>
public static class WithdrawPosition
{
    public sealed record Command(Guid DocumentId, PositionTargetRef Where, string Delegation) : ICommand<Unit>, IDocumentCommand, IActsForDelegation
    {
        public string? ActingFor => Delegation;
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var code = command.Delegation.Trim().ToUpperInvariant();
            var position = await PositionTargets.FindAsync(db, document.Id, command.Where, code, cancellationToken)
                ?? throw new NotFoundException("Position", code);
            db.Positions.Remove(position);
            journal.Record(document, EventType.PositionWithdrawn, new { Before = PositionResponse.From(position) }, command.Where.TargetId);
            return Unit.Value;
        }
    }
}

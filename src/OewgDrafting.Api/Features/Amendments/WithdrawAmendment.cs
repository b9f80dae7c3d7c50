using Mediator;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>The proposer (or a member of the group it proposed for) withdraws its amendment.</summary>
public static class WithdrawAmendment
{
    public sealed record Command(Guid DocumentId, Guid AmendmentId) : ICommand<AmendmentResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal, ActsForCheck actsFor)
        : ICommandHandler<Command, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = await AmendmentLookup.FindAsync(db, document.Id, command.AmendmentId, cancellationToken);
            amendment.Withdraw(journal.ActorCode, await actsFor.ActsForAsync(amendment.Proposer), journal.Now);
            var lapsed = await AmendmentLookup.LapseSubAmendmentsAsync(db, journal, amendment, cancellationToken);
            journal.Record(document, EventType.AmendmentWithdrawn, new { AmendmentId = amendment.Id, amendment.Number, amendment.Proposer, Lapsed = lapsed },
                amendment.Id);
            return AmendmentResponse.From(amendment);
        }
    }
}

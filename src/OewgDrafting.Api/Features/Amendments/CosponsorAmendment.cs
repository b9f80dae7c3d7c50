using Mediator;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>Another delegation co-sponsors an amendment, for itself.</summary>
public static class CosponsorAmendment
{
    public sealed record Command(Guid DocumentId, Guid AmendmentId, bool Withdraw, bool Decline = false) : ICommand<AmendmentResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = await AmendmentLookup.FindAsync(db, document.Id, command.AmendmentId, cancellationToken);
            EventType type;
            if (command.Decline)
            {
                amendment.DeclineInvitation(journal.ActorCode, journal.Now);
                type = EventType.AmendmentCosponsorshipDeclined;
            }
            else if (command.Withdraw)
            {
                amendment.WithdrawCosponsorship(journal.ActorCode, journal.Now);
                type = EventType.AmendmentCosponsorshipWithdrawn;
            }
            else
            {
                amendment.Cosponsor(journal.ActorCode, journal.Now);
                type = EventType.AmendmentCosponsored;
            }

            journal.Record(document, type,
                new { AmendmentId = amendment.Id, amendment.Number, Delegation = journal.ActorCode, amendment.Cosponsors, amendment.Invited }, amendment.Id);
            return AmendmentResponse.From(amendment);
        }
    }
}

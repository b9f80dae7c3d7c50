using OewgDrafting.Api.Infrastructure.Behaviours;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;

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
            string type;
            if (command.Decline)
            {
                amendment.DeclineInvitation(journal.ActorCode, journal.Now);
                type = "amendmentCosponsorshipDeclined";
            }
            else if (command.Withdraw)
            {
                amendment.WithdrawCosponsorship(journal.ActorCode, journal.Now);
                type = "amendmentCosponsorshipWithdrawn";
            }
            else
            {
                amendment.Cosponsor(journal.ActorCode, journal.Now);
                type = "amendmentCosponsored";
            }

            journal.Record(document, type,
                new { AmendmentId = amendment.Id, amendment.Number, Delegation = journal.ActorCode, amendment.Cosponsors, amendment.Invited }, amendment.Id);
            return AmendmentResponse.From(amendment);
        }
    }
}

/// <summary>The proposer (or a member of the group it proposed for) withdraws its amendment.</summary>
public static class WithdrawAmendment
{
    public sealed record Command(Guid DocumentId, Guid AmendmentId) : ICommand<AmendmentResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal, IHttpContextAccessor accessor, IAuthorizationService authorization)
        : ICommandHandler<Command, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = await AmendmentLookup.FindAsync(db, document.Id, command.AmendmentId, cancellationToken);
            var user = accessor.HttpContext?.User;
            var actsForProposer = user is not null && (await authorization.AuthorizeAsync(user, amendment.Proposer, Policies.ActsFor)).Succeeded;
            amendment.Withdraw(journal.ActorCode, actsForProposer, journal.Now);
            journal.Record(document, "amendmentWithdrawn", new { AmendmentId = amendment.Id, amendment.Number, amendment.Proposer }, amendment.Id);
            return AmendmentResponse.From(amendment);
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>An amendment's proposer (or a member of the group it proposed for) accepts or contests the chair's proposed handling.</summary>
public static class AnswerHandling
{
    public sealed record Command(Guid DocumentId, Guid AmendmentId, HandlingAnswer Answer, string? Statement) : ICommand<HandlingResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if (message.Statement is { Length: > ProposedHandling.MaxNoteLength })
            {
                errors.Add("statement", $"A statement is at most {ProposedHandling.MaxNoteLength} characters.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, ActsForCheck actsFor)
        : ICommandHandler<Command, HandlingResponse>
    {
        public async ValueTask<HandlingResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = await AmendmentLookup.FindAsync(db, document.Id, command.AmendmentId, cancellationToken);
            if (!await actsFor.ActsForAsync(amendment.Proposer))
            {
                throw new ForbiddenException($"Only {amendment.Proposer}, which proposed amendment A{amendment.Number}, answers the chair's proposed handling of it.");
            }

            amendment.EnsurePending();
            var handling = await db.ProposedHandlings.SingleOrDefaultAsync(h => h.AmendmentId == amendment.Id, cancellationToken)
                ?? throw new ConflictException($"The chair has not proposed a handling of amendment A{amendment.Number} yet.", ["noHandling"]);
            handling.Respond(command.Answer, journal.ActorCode, command.Statement, journal.Now);
            var response = HandlingResponse.From(handling);
            journal.Record(document, EventType.HandlingAnswered, new { amendment.Number, amendment.Proposer, Handling = response }, amendment.Id, amendment.Proposer);
            return response;
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>
/// The chair publishes (or changes) its proposed handling of a pending amendment, before the meeting decides it, and
/// may set its own order among the amendments it collides with.
/// </summary>
public static class ProposeHandling
{
    public sealed record Command(Guid DocumentId, Guid AmendmentId, Handling? Handling, string? Text, string? Note, int? Order = null)
        : ICommand<HandlingResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("handling", message.Handling);
            if (message.Text is { Length: > Block.MaxTextLength } || message.Text?.Any(char.IsControl) == true)
            {
                errors.Add("text", $"The compromise text is one line of at most {Block.MaxTextLength} characters.");
            }

            if (message.Note is { Length: > ProposedHandling.MaxNoteLength })
            {
                errors.Add("note", $"A note is at most {ProposedHandling.MaxNoteLength} characters.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, HandlingResponse>
    {
        public async ValueTask<HandlingResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = await AmendmentLookup.FindAsync(db, document.Id, command.AmendmentId, cancellationToken);
            await presiding.EnsureAsync(document.Id, amendment.BlockId, $"propose how amendment A{amendment.Number} is handled");
            amendment.EnsurePending();
            if (command.Text is not null)
            {
                Domain.Text.BracketedText.Parse(command.Text);
            }

            var handling = await db.ProposedHandlings.SingleOrDefaultAsync(h => h.AmendmentId == amendment.Id, cancellationToken);
            if (handling is null)
            {
                handling = ProposedHandling.Create(amendment.Id, document.Id);
                db.ProposedHandlings.Add(handling);
            }

            handling.Propose(command.Handling!.Value, command.Text, command.Note, journal.ActorCode, journal.Now, command.Order);
            var response = HandlingResponse.From(handling);
            journal.Record(document, EventType.HandlingProposed, new { amendment.Number, amendment.Proposer, Handling = response }, amendment.Id, amendment.Proposer);
            return response;
        }
    }
}

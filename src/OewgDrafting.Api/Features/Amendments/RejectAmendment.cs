using Mediator;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>The chair rejects an amendment, optionally saying why.</summary>
public static class RejectAmendment
{
    public sealed record Command(Guid DocumentId, Guid AmendmentId, string? Reason) : ICommand<AmendmentResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if (message.Reason is { Length: > Amendment.MaxJustificationLength })
            {
                errors.Add("reason", $"A reason is at most {Amendment.MaxJustificationLength} characters.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = await AmendmentLookup.FindAsync(db, document.Id, command.AmendmentId, cancellationToken);
            await presiding.EnsureAsync(document.Id, amendment.BlockId, $"reject amendment A{amendment.Number}");
            amendment.Reject(journal.ActorCode, journal.Now, command.Reason);
            var lapsed = await AmendmentLookup.LapseSubAmendmentsAsync(db, journal, amendment, cancellationToken);
            journal.Record(document, EventType.AmendmentRejected, new { AmendmentId = amendment.Id, amendment.Number, amendment.Reason, Lapsed = lapsed },
                amendment.Id, amendment.ParentId);
            return AmendmentResponse.From(amendment);
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>A delegation breaks silence before the deadline: an objection with a statement.</summary>
public static class BreakSilence
{
    public sealed record Command(Guid DocumentId, Guid ProcedureId, string? Delegation, string? Statement) : ICommand<SilenceResponse>, IDocumentCommand, IActsForDelegation
    {
        public string? ActingFor => Delegation;
    }

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors) => errors.Required("statement", message.Statement);
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, SilenceResponse>
    {
        public async ValueTask<SilenceResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            var procedure = await db.SilenceProcedures.SingleOrDefaultAsync(s => s.Id == command.ProcedureId && s.DocumentId == document.Id, cancellationToken)
                ?? throw new NotFoundException("Silence procedure", command.ProcedureId);
            procedure.Break(command.Delegation?.Trim().ToUpperInvariant() ?? journal.ActorCode, command.Statement!, journal.Now);
            journal.Record(document, EventType.SilenceBroken, SilenceResponse.From(procedure), procedure.Id);
            return SilenceResponse.From(procedure);
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Positions;

/// <summary>A delegation registers (or changes) its own stance, or its group's as a member.</summary>
public static class SetPosition
{
    public sealed record Command(Guid DocumentId, PositionTargetRef Where, string Delegation, Stance? Stance, string? Statement, int? Alternative)
        : ICommand<PositionResponse>, IDocumentCommand, IActsForDelegation
    {
        public string? ActingFor => Delegation;
    }

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("stance", message.Stance);
            if (message.Alternative is not null && message.Where.Target != PositionTarget.Bracket)
            {
                errors.Add("alternative", "An alternative is named only in a position on a bracket.");
            }
            else if (message.Alternative < 0)
            {
                errors.Add("alternative", "Alternatives are numbered from 0.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, PositionResponse>
    {
        public async ValueTask<PositionResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var code = command.Delegation.Trim().ToUpperInvariant();
            if (!await db.Delegations.AnyAsync(d => d.Code == code && d.Active, cancellationToken))
            {
                throw new NotFoundException("Delegation", code);
            }

            var blockVersion = await PositionTargets.CheckAsync(db, document.Id, command.Where, command.Alternative, cancellationToken);
            var where = command.Where;
            var position = await PositionTargets.FindAsync(db, document.Id, where, code, cancellationToken);
            var before = position is null ? null : PositionResponse.From(position);
            if (position is null)
            {
                position = Position.Take(Guid.CreateVersion7(journal.Now), document.Id, where.Target, where.TargetId, where.BracketIndex,
                    command.Alternative, blockVersion, code, command.Stance!.Value, command.Statement, journal.Now);
                db.Positions.Add(position);
            }
            else
            {
                position.Change(command.Stance!.Value, command.Statement, command.Alternative, blockVersion, journal.Now);
            }

            var after = PositionResponse.From(position);
            journal.Record(document, EventType.PositionSet, new { Before = before, After = after }, where.TargetId);
            return after;
        }
    }
}

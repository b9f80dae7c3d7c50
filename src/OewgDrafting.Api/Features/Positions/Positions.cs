using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Positions;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Positions;

public sealed record PositionResponse(
    string Delegation,
    PositionTarget Target,
    Guid TargetId,
    int? BracketIndex,
    int? Alternative,
    Stance Stance,
    string? Statement,
    DateTimeOffset At)
{
    public static PositionResponse From(Position p) =>
        new(p.Delegation, p.Target, p.TargetId, p.BracketIndex, p.Alternative, p.Stance, p.Statement, p.At);
}

/// <summary>Where a position is taken: a paragraph, an amendment, or one bracket of a paragraph.</summary>
public sealed record PositionTargetRef(PositionTarget Target, Guid TargetId, int? BracketIndex);

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
            journal.Record(document, "positionSet", new { Before = before, After = after }, where.TargetId);
            return after;
        }
    }
}

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
            journal.Record(document, "positionWithdrawn", new { Before = PositionResponse.From(position) }, command.Where.TargetId);
            return Unit.Value;
        }
    }
}

public static class ListPositions
{
    public sealed record Query(Guid DocumentId, PositionTargetRef Where) : IQuery<IReadOnlyList<PositionResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<PositionResponse>>
    {
        public async ValueTask<IReadOnlyList<PositionResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var where = query.Where;
            var positions = await db.Positions.AsNoTracking()
                .Where(p => p.DocumentId == query.DocumentId && p.Target == where.Target && p.TargetId == where.TargetId)
                .ToListAsync(cancellationToken);
            if (where.Target == PositionTarget.Bracket)
            {
                // A bracket position counts for the paragraph version it was taken on.
                var version = await db.Blocks.AsNoTracking().Where(b => b.Id == where.TargetId).Select(b => (int?)b.Version).SingleOrDefaultAsync(cancellationToken);
                positions = positions.Where(p => p.BracketIndex == where.BracketIndex && p.BlockVersion == version).ToList();
            }

            return positions.OrderBy(p => p.Delegation, StringComparer.Ordinal).Select(PositionResponse.From).ToList();
        }
    }
}

internal static class PositionTargets
{
    public static Task<Position?> FindAsync(DraftingDbContext db, Guid documentId, PositionTargetRef where, string code, CancellationToken cancellationToken)
    {
        var key = Position.KeyOf(where.BracketIndex);
        return db.Positions.SingleOrDefaultAsync(p => p.DocumentId == documentId && p.Target == where.Target && p.TargetId == where.TargetId
            && p.BracketKey == key && p.Delegation == code, cancellationToken);
    }

    /// <summary>Positions are taken only on open paragraphs, pending amendments to them, and brackets that exist.</summary>
    public static async Task<int?> CheckAsync(DraftingDbContext db, Guid documentId, PositionTargetRef where, int? alternative, CancellationToken cancellationToken)
    {
        switch (where.Target)
        {
            case PositionTarget.Amendment:
                var amendment = await db.Amendments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == where.TargetId && a.DocumentId == documentId, cancellationToken)
                    ?? throw new NotFoundException("Amendment", where.TargetId);
                amendment.EnsurePending();
                if (amendment.Kind != AmendmentKind.AddParagraph)
                {
                    (await db.FindBlockAsync(documentId, amendment.BlockId, cancellationToken)).EnsureOpenForNegotiation();
                }

                return null;
            case PositionTarget.Bracket:
                var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == where.TargetId && b.DocumentId == documentId, cancellationToken)
                    ?? throw new NotFoundException("Block", where.TargetId);
                block.EnsureOpenForNegotiation();
                var brackets = BracketedText.ParseLenient(block.Text).Brackets;
                if (where.BracketIndex is not { } index || index < 0 || index >= brackets.Count)
                {
                    throw new NotFoundException("Bracket", where.BracketIndex ?? -1);
                }

                if (alternative is { } alt && alt >= brackets[index].Alternatives.Count)
                {
                    throw new DomainValidationException("alternative", $"Bracket {index} has alternatives 0 to {brackets[index].Alternatives.Count - 1}.");
                }

                return block.Version;
            default:
                var paragraph = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == where.TargetId && b.DocumentId == documentId, cancellationToken)
                    ?? throw new NotFoundException("Block", where.TargetId);
                paragraph.EnsureOpenForNegotiation();
                return null;
        }
    }
}

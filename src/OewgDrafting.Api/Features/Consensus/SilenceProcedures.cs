using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Silence;

namespace OewgDrafting.Api.Features.Consensus;

public sealed class SilenceOptions
{
    public const string Section = "Silence";

    /// <summary>The shortest silence a chair may set: 72 hours, as in GA decision 74/544, unless the meeting agrees otherwise.</summary>
    public TimeSpan MinimumDuration { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often the closer looks for procedures whose deadline has passed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed record SilenceResponse(Guid Id, bool WholeDocument, IReadOnlyList<Guid> BlockIds, DateTimeOffset StartedAt, string StartedBy,
    DateTimeOffset Deadline, SilenceStatus Status, string? BrokenBy, DateTimeOffset? BrokenAt, string? Statement, DateTimeOffset? ClosedAt, string? Outcome)
{
    public static SilenceResponse From(SilenceProcedure s) =>
        new(s.Id, s.WholeDocument, s.BlockIds, s.StartedAt, s.StartedBy, s.Deadline, s.Status, s.BrokenBy, s.BrokenAt, s.Statement, s.ClosedAt, s.Outcome);
}

/// <summary>The chair circulates the whole document, or some paragraphs, under silence until a deadline.</summary>
public static class StartSilence
{
    public sealed record Command(Guid DocumentId, DateTimeOffset? Deadline, IReadOnlyList<Guid>? BlockIds) : ICommand<SilenceResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors) => errors.Required("deadline", message.Deadline);
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, IOptions<SilenceOptions> options) : ICommandHandler<Command, SilenceResponse>
    {
        public async ValueTask<SilenceResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            if (command.BlockIds is { Count: > 0 } ids)
            {
                var known = await db.Blocks.Where(b => b.DocumentId == document.Id && ids.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken);
                var unknown = ids.Except(known).ToList();
                if (unknown.Count > 0)
                {
                    throw new DomainValidationException("blockIds", $"Not blocks of this document: {string.Join(", ", unknown)}.");
                }
            }

            var procedure = SilenceProcedure.Start(Guid.CreateVersion7(journal.Now), document.Id, command.BlockIds, command.Deadline!.Value,
                journal.Now, options.Value.MinimumDuration, journal.ActorCode);
            db.SilenceProcedures.Add(procedure);
            journal.Record(document, "silenceStarted", SilenceResponse.From(procedure), procedure.Id);
            return SilenceResponse.From(procedure);
        }
    }
}

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
            journal.Record(document, "silenceBroken", SilenceResponse.From(procedure), procedure.Id);
            return SilenceResponse.From(procedure);
        }
    }
}

/// <summary>
/// Concludes a procedure whose deadline passed unbroken: the covered paragraphs that nothing blocks are
/// agreed; a procedure on the whole document adopts it when nothing else blocks. Runs on every instance
/// and closes each procedure once: under the document's lock, a procedure already closed is left alone.
/// </summary>
public static class CloseSilence
{
    public sealed record Command(Guid ProcedureId) : ICommand<SilenceResponse>, IDocumentCommand;

    public sealed class AlreadyClosedException() : Exception("The procedure was already closed.");

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, SilenceResponse>
    {
        public async ValueTask<SilenceResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var documentId = await db.SilenceProcedures.AsNoTracking().Where(s => s.Id == command.ProcedureId).Select(s => (Guid?)s.DocumentId)
                .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Silence procedure", command.ProcedureId);
            var document = await journal.OpenDocumentAsync(documentId, cancellationToken);
            var procedure = await db.SilenceProcedures.SingleAsync(s => s.Id == command.ProcedureId, cancellationToken);
            if (!procedure.IsDue(journal.Now) || document.Status != DocumentStatus.Negotiation)
            {
                // Rolls the transaction back: another instance closed it, or it is not due.
                throw new AlreadyClosedException();
            }

            var blocks = await db.Blocks.Where(b => b.DocumentId == document.Id && b.Kind == BlockKind.Paragraph).OrderBy(b => b.Position)
                .ToListAsync(cancellationToken);
            var agreed = new List<string>();
            var notAgreed = new List<string>();
            foreach (var block in blocks.Where(b => procedure.Covers(b.Id) && b.Status == BlockStatus.Open))
            {
                var blockers = await ConsensusLoader.BlockAsync(db, block, cancellationToken);
                if (blockers.BlocksAgreement)
                {
                    notAgreed.Add($"{block.Label ?? "unnumbered"} ({blockers.Describe()})");
                }
                else
                {
                    block.Agree(blockers);
                    agreed.Add(block.Label ?? "unnumbered");
                }
            }

            var outcome = agreed.Count == 0 ? "No paragraph could be agreed." : $"Agreed in silence: {string.Join(", ", agreed)}.";
            if (notAgreed.Count > 0)
            {
                outcome += $" Not agreed: {string.Join("; ", notAgreed)}.";
            }

            var adopted = false;
            if (procedure.WholeDocument)
            {
                await db.SaveChangesAsync(cancellationToken);
                var picture = await ConsensusLoader.PictureAsync(db, document.Id, cancellationToken, exceptSilence: procedure.Id);
                if (picture.CanAdopt)
                {
                    procedure.Conclude(journal.Now, outcome + " The document was adopted.");
                    await AdoptDocument.AdoptAsync(db, journal, document, picture, "silence procedure", cancellationToken);
                    adopted = true;
                }
                else
                {
                    outcome += $" The document was not adopted: {picture.Totals.Describe()}.";
                }
            }

            if (!adopted)
            {
                procedure.Conclude(journal.Now, outcome);
            }

            journal.Record(document, "silenceConcluded", new { Procedure = SilenceResponse.From(procedure), Agreed = agreed, NotAgreed = notAgreed, Adopted = adopted },
                procedure.Id);
            return SilenceResponse.From(procedure);
        }
    }
}

public static class ListSilence
{
    public sealed record Query(Guid DocumentId) : IQuery<IReadOnlyList<SilenceResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<SilenceResponse>>
    {
        public async ValueTask<IReadOnlyList<SilenceResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var procedures = await db.SilenceProcedures.AsNoTracking().Where(s => s.DocumentId == query.DocumentId).ToListAsync(cancellationToken);
            return procedures.OrderBy(s => s.Id).Select(SilenceResponse.From).ToList();
        }
    }
}

/// <summary>
/// Closes due silence procedures: at start (a restart loses none) and then every poll interval. Time comes
/// from <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed class SilenceCloser(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SilenceOptions> options, ILogger<SilenceCloser> logger,
    Infrastructure.Http.StartupGate gate) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first look runs in the background, once the database is prepared: /health does not wait for it.
        if (!await gate.WaitAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CloseDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Closing due silence procedures failed; retrying at the next interval");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<int> CloseDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            var now = clock.GetUtcNow();
            due = await db.SilenceProcedures.AsNoTracking()
                .Where(s => s.Status == SilenceStatus.Running && s.Deadline <= now)
                .Select(s => s.Id).ToListAsync(cancellationToken);
        }

        var closed = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CloseSilence.Command(id), cancellationToken);
                closed++;
                logger.LogInformation("Concluded silence procedure {ProcedureId}", id);
            }
            catch (CloseSilence.AlreadyClosedException)
            {
                // Another instance got there first.
            }
        }

        return closed;
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Silence;

namespace OewgDrafting.Api.Features.Consensus;

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
            journal.Record(document, EventType.SilenceStarted, SilenceResponse.From(procedure), procedure.Id);
            return SilenceResponse.From(procedure);
        }
    }
}

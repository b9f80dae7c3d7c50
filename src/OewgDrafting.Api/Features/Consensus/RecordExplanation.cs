using Mediator;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>A delegation records an explanation of position, before or at adoption; it goes on the adoption record.</summary>
public static class RecordExplanation
{
    public sealed record Command(Guid DocumentId, string? Delegation, Guid? BlockId, string? Text) : ICommand<ExplanationResponse>, IDocumentCommand, IActsForDelegation
    {
        public string? ActingFor => Delegation;
    }

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors) => errors.Required("text", message.Text);
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, ExplanationResponse>
    {
        public async ValueTask<ExplanationResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            if (command.BlockId is { } blockId)
            {
                await db.FindBlockAsync(document.Id, blockId, cancellationToken);
            }

            var explanation = Explanation.Record(Guid.CreateVersion7(journal.Now), document.Id,
                command.Delegation?.Trim().ToUpperInvariant() ?? journal.ActorCode, command.BlockId, command.Text!, journal.Now);
            db.Explanations.Add(explanation);
            journal.Record(document, EventType.ExplanationRecorded, ExplanationResponse.From(explanation), explanation.Id, command.BlockId);
            return ExplanationResponse.From(explanation);
        }
    }
}

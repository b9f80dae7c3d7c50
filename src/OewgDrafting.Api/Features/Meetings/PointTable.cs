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

/// <summary>The chair points the room (and every open viewer) to a paragraph, or to the amendment it is taking.</summary>
public static class PointTable
{
    public sealed record Command(Guid DocumentId, Guid? BlockId, Guid? AmendmentId) : ICommand<TablePointerResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if ((message.BlockId is null) == (message.AmendmentId is null))
            {
                errors.Add("blockId", "Name either a paragraph (blockId) or an amendment (amendmentId).");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, TablePointerResponse>
    {
        public async ValueTask<TablePointerResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = command.AmendmentId is { } amendmentId ? await AmendmentLookup.FindAsync(db, document.Id, amendmentId, cancellationToken) : null;
            var blockId = amendment?.BlockId ?? command.BlockId!.Value;
            var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == blockId && b.DocumentId == document.Id, cancellationToken)
                ?? throw new DomainValidationException("blockId", $"Block '{blockId}' is not a block of this document.");
            await presiding.EnsureAsync(document.Id, block.Id, "point the room to it");
            var pointer = await db.TablePointers.SingleOrDefaultAsync(t => t.DocumentId == document.Id, cancellationToken);
            if (pointer is null)
            {
                pointer = TablePointer.Create(document.Id);
                db.TablePointers.Add(pointer);
            }

            pointer.PointTo(block.Id, amendment?.Id, journal.ActorCode, journal.Now);
            var response = new TablePointerResponse(document.Id, block.Id, block.Label, amendment?.Id, amendment?.Number, pointer.SetBy, pointer.SetAt);
            journal.Record(document, EventType.OnTheTable, response, block.Id, amendment?.Id);
            return response;
        }
    }
}

using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>The chair clears the tabling deadline of a document or of a section (and with it the opening for late amendments there).</summary>
public static class ClearDeadline
{
    public sealed record Command(Guid DocumentId, Guid? SectionId) : ICommand<Unit>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var section = await SetDeadline.SectionAsync(db, command.DocumentId, command.SectionId, cancellationToken);
            if (section is not null)
            {
                await presiding.EnsureAsync(document.Id, section.Id, $"clear the tabling deadline of {section.Name}");
            }

            var deadline = await db.TablingDeadlines.SingleOrDefaultAsync(d => d.DocumentId == document.Id && d.SectionId == command.SectionId, cancellationToken)
                ?? throw new NotFoundException("Tabling deadline", section?.Name ?? document.Symbol);
            db.TablingDeadlines.Remove(deadline);
            journal.Record(document, EventType.DeadlineCleared, new { command.DocumentId, command.SectionId, SectionLabel = section?.Label ?? section?.Text },
                deadline.Id, command.SectionId);
            return Unit.Value;
        }
    }
}

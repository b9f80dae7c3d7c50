using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>The chair sets, extends or moves the tabling deadline of a document or of a section, and opens or closes late amendments there.</summary>
public static class SetDeadline
{
    public sealed record Command(Guid DocumentId, Guid? SectionId, DateTimeOffset? Due, string? TimeZone, bool? LateAmendments)
        : ICommand<DeadlineResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if (message.TimeZone is { Length: > TablingDeadline.MaxTimeZoneLength })
            {
                errors.Add("timeZone", $"A time zone name is at most {TablingDeadline.MaxTimeZoneLength} characters.");
            }

            if (message.Due is null && message.LateAmendments != true)
            {
                errors.Add("due", "Give a deadline, or open late amendments (lateAmendments: true); to clear a deadline, DELETE it.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, DeadlineResponse>
    {
        public async ValueTask<DeadlineResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var section = await SectionAsync(db, command.DocumentId, command.SectionId, cancellationToken);
            if (section is not null)
            {
                await presiding.EnsureAsync(document.Id, section.Id, $"set the tabling deadline of {section.Name}");
            }

            var deadline = await db.TablingDeadlines.SingleOrDefaultAsync(d => d.DocumentId == document.Id && d.SectionId == command.SectionId, cancellationToken);
            if (deadline is null)
            {
                deadline = TablingDeadline.Create(Guid.CreateVersion7(journal.Now), document.Id, command.SectionId);
                db.TablingDeadlines.Add(deadline);
            }

            deadline.Set(command.Due, command.TimeZone, command.LateAmendments ?? false, journal.Now, journal.ActorCode);
            var response = DeadlineResponse.From(deadline, section);
            journal.Record(document, EventType.DeadlineSet, response, deadline.Id, command.SectionId);
            return response;
        }
    }

    /// <summary>The heading that opens a section of the document; a field error when the id names no heading of it.</summary>
    public static async Task<SectionHeading?> SectionAsync(DraftingDbContext db, Guid documentId, Guid? sectionId, CancellationToken cancellationToken)
    {
        if (sectionId is not { } id)
        {
            return null;
        }

        return (await TablingDeadlines.HeadingsAsync(db, documentId, cancellationToken)).SingleOrDefault(h => h.Id == id)
            ?? throw new DomainValidationException("sectionId", $"Block '{id}' is not a heading of this document: a section is named by the heading that opens it.");
    }
}

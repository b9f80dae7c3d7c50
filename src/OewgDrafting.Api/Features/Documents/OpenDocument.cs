using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>The chair opens the negotiation: the document moves from draft to negotiation and its paragraphs open.</summary>
public static class OpenDocument
{
    public sealed record Command(Guid DocumentId) : ICommand<DocumentSummary>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, DocumentSummary>
    {
        public async ValueTask<DocumentSummary> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.OpenNegotiation();
            var blocks = await db.Blocks.Where(b => b.DocumentId == document.Id).ToListAsync(cancellationToken);
            foreach (var block in blocks)
            {
                block.Open();
            }

            // The zero draft is revision 0, frozen as the negotiation opens.
            db.Revisions.Add(Revisions.IssueRevision.ZeroDraft(document, blocks, journal.ActorCode, journal.Now));
            journal.Record(document, EventType.DocumentOpened, new { Paragraphs = blocks.Count(b => b.Kind == BlockKind.Paragraph) }, document.Id);
            return DocumentSummary.From(document);
        }
    }
}

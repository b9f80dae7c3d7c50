using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Revisions;

namespace OewgDrafting.Api.Features.Revisions;

/// <summary>The chair issues the next revision (Rev.1, Rev.2…), optionally renumbering 5 bis and the like into clean numbers first.</summary>
public static class IssueRevision
{
    public sealed record Command(Guid DocumentId, bool Renumber) : ICommand<RevisionSummary>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, RevisionSummary>
    {
        public async ValueTask<RevisionSummary> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var blocks = await db.Blocks.Where(b => b.DocumentId == document.Id).OrderBy(b => b.Position).ToListAsync(cancellationToken);
            var relabelled = new List<object>();
            if (command.Renumber)
            {
                var labels = ParagraphLabel.Renumber(blocks.Where(b => b.IsNumberedParagraph).Select(b => (b.Id, b.Label)));
                foreach (var block in blocks.Where(b => labels.ContainsKey(b.Id) && labels[b.Id] != b.Label))
                {
                    relabelled.Add(new { BlockId = block.Id, From = block.Label, To = labels[block.Id] });
                    block.Relabel(labels[block.Id]);
                }
            }

            var number = (await db.Revisions.Where(r => r.DocumentId == document.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? -1) + 1;
            var revision = Revision.Freeze(Guid.CreateVersion7(journal.Now), document, blocks, number, journal.ActorCode, journal.Now, command.Renumber, final: false);
            db.Revisions.Add(revision);
            journal.Record(document, EventType.RevisionIssued, new { revision.Number, revision.Name, Relabelled = relabelled }, revision.Id);
            return RevisionSummary.From(revision);
        }
    }

    /// <summary>The zero draft (revision 0), frozen when the chair opens the negotiation.</summary>
    public static Revision ZeroDraft(Document document, IEnumerable<Block> blocks, string chair, DateTimeOffset now) =>
        Revision.Freeze(Guid.CreateVersion7(now), document, blocks, 0, chair, now, renumbered: false, final: false);
}
